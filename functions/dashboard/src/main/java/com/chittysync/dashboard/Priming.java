package com.chittysync.dashboard;

import com.chittysync.dashboard.fleet.FleetRow;
import com.chittysync.dashboard.fleet.FleetView;
import com.chittysync.dashboard.fleet.RegistryStatus;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Views;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a page and its JSON twin from made-up data, touching no database: what SnapStart's
 * priming runs before the snapshot, so a restored function does not load the template and JSON
 * classes on its first request.
 */
public final class Priming {
  private Priming() {}

  /** Renders the fleet page and its JSON once. */
  public static void renderOnce() {
    Instant now = Instant.now();
    FleetRow row =
        new FleetRow(
            "primer",
            RegistryStatus.HEALTHY,
            Optional.of(now),
            Optional.of(Duration.ofMillis(1)),
            Optional.of("converged"),
            0,
            Optional.empty(),
            Optional.empty(),
            0,
            0,
            0,
            Optional.of(0));
    FleetView view =
        new FleetView(List.of(row), Map.of(RegistryStatus.HEALTHY, 1), 1, "", "", now, false);
    Chrome chrome =
        new Chrome(
            new Principal("primer", "primer", Role.VIEWER, "", now), "", new Assets(), "fleet");
    Views.render("fleet.jte", Map.of("chrome", chrome, "view", view, "fragment", false));
    Views.json(view);
  }
}
