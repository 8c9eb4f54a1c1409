package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.Overview;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;

/**
 * A registry's drift tab: {@code GET /registries/{name}/drift} shows the latest drift check (as the
 * CLI's {@code chittysync drift} and this tab record it); {@code POST
 * /registries/{name}/drift/check} checks now, records the check, and answers the refreshed tab for
 * htmx (or the view as JSON). A check reads every endpoint in full: it takes as long as the
 * registry's largest endpoint takes to read.
 */
public final class DriftRoutes implements Routes {
  /** The audit log's type, and the action log's kind, of a check asked for here. */
  public static final String KIND = "dashboard.drift_checked";

  private final Overview overview;
  private final dagger.Lazy<SyncService> sync;
  private final ActionLog actions;

  @Inject
  public DriftRoutes(Overview overview, dagger.Lazy<SyncService> sync, ActionLog actions) {
    this.overview = overview;
    this.sync = sync;
    this.actions = actions;
  }

  @Override
  public void register(Router router) {
    router.get("/registries/{name}/drift", Router.Guard.READ, this::show);
    router.post("/registries/{name}/drift/check", Router.Guard.ACT, this::check);
  }

  private Reply show(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    DriftView view = DriftView.of(name, overview.lastDrift(name), ActionLog.newActionId());
    return Views.page(
        call,
        view,
        "registry/drift.jte",
        Map.of("chrome", call.frame(), "view", view, "fragment", false));
  }

  /** What a check did, as the action log stores it. */
  public record Checked(UUID runId, int differences) {}

  private Reply check(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    UUID actionId = ActionLog.actionId(call.form());
    actions.once(
        actionId,
        call.frame().principal().actor(),
        KIND,
        name,
        Checked.class,
        () -> {
          SyncService.DriftReport report =
              sync.get().checkDrift(sync.get().config(Optional.empty()), name, "dashboard");
          return new Checked(report.runId(), report.differences().size());
        });
    DriftView view = DriftView.of(name, overview.lastDrift(name), ActionLog.newActionId());
    boolean fragment = call.request().fromHtmx();
    return Views.page(
        call,
        view,
        "registry/drift.jte",
        Map.of("chrome", call.frame(), "view", view, "fragment", fragment));
  }
}
