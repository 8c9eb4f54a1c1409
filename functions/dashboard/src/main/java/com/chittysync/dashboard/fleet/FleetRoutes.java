package com.chittysync.dashboard.fleet;

import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/** {@code GET /}: the fleet. {@code ?fragment=1} answers only the table, for the auto-refresh. */
public final class FleetRoutes implements Routes {
  private final FleetPage page;

  @Inject
  public FleetRoutes(FleetPage page) {
    this.page = page;
  }

  @Override
  public void register(Router router) {
    router.get("/", Router.Guard.READ, this::fleet);
  }

  private Reply fleet(Call call) {
    String q = call.query("q", "");
    if (q.length() > 64) {
      throw new IllegalArgumentException("the name filter may be at most 64 characters");
    }
    String status = call.query("status", "");
    FleetView view =
        page.view(
            q,
            status.isEmpty()
                ? Optional.empty()
                : Optional.of(
                    RegistryStatus.fromSlug(status)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "unknown status '"
                                        + status
                                        + "'; use healthy, running, needs-attention, failed or never-run"))));
    boolean fragment = call.request().fromHtmx() && call.query("fragment", "").equals("1");
    return Views.page(
        call,
        view,
        "fleet.jte",
        Map.of("chrome", call.frame(), "view", view, "fragment", fragment));
  }
}
