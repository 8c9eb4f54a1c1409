package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.Format;
import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.SyncRequests;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.state.Overview;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.inject.Inject;

/**
 * A registry's dead-letters tab and the pipeline actions on it: {@code GET
 * /registries/{name}/dead-letters} lists the registry's events waiting in the dead-letter queues;
 * {@code POST /registries/{name}/dead-letters/redrive} puts them back on the bus; {@code POST
 * /registries/{name}/sync} asks for a sync now. Each action is done once per action id and audited
 * ({@link ActionLog}).
 */
public final class DeadLetterRoutes implements Routes {
  /** The most letters the tab lists. */
  static final int LIMIT = 100;

  /** The audit log's type of a redrive. */
  public static final String REDRIVE = "dashboard.redrive";

  /** The audit log's type of a "sync now". */
  public static final String SYNC_REQUESTED = "dashboard.sync_requested";

  private final Overview overview;
  private final DeadLetters deadLetters;
  private final SyncRequests syncRequests;
  private final ActionLog actions;

  @Inject
  public DeadLetterRoutes(
      Overview overview, DeadLetters deadLetters, SyncRequests syncRequests, ActionLog actions) {
    this.overview = overview;
    this.deadLetters = deadLetters;
    this.syncRequests = syncRequests;
    this.actions = actions;
  }

  @Override
  public void register(Router router) {
    router.get("/registries/{name}/dead-letters", Router.Guard.READ, this::show);
    router.post("/registries/{name}/dead-letters/redrive", Router.Guard.ACT, this::redrive);
    router.post("/registries/{name}/sync", Router.Guard.ACT, this::syncNow);
  }

  private Reply show(Call call) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    DeadLettersView view =
        new DeadLettersView(
            name,
            deadLetters.configured(),
            deadLetters.list(name, LIMIT),
            ActionLog.newActionId(),
            ActionLog.newActionId());
    return Views.page(
        call, view, "registry/dead_letters.jte", Map.of("chrome", call.frame(), "view", view));
  }

  /** What a redrive did, as the action log stores it. */
  public record Redriven(int moved, int failed) {}

  /**
   * What a "sync now" did, as the action log stores it.
   *
   * @param eventId the event put on the bus; null when the request joined a sync already waiting
   */
  public record SyncRequested(String eventId) {}

  private Reply redrive(Call call) {
    return act(
        call,
        REDRIVE,
        Redriven.class,
        registry -> {
          DeadLetters.Redrive r = deadLetters.redrive(registry);
          return new Redriven(r.moved(), r.failed());
        },
        (r, when) ->
            "Moved "
                + r.moved()
                + " event(s) back to the bus"
                + (r.failed() > 0 ? "; " + r.failed() + " could not be moved and wait still" : "")
                + "."
                + when,
        "redrive");
  }

  private Reply syncNow(Call call) {
    String actor = call.frame().principal().actor();
    return act(
        call,
        SYNC_REQUESTED,
        SyncRequested.class,
        registry -> new SyncRequested(syncRequests.request(registry, actor)),
        (r, when) ->
            (r.eventId() == null
                    ? "Sync requested: it joins the sync already waiting for this registry."
                    : "Sync requested (event id " + r.eventId() + ").")
                + when,
        "sync");
  }

  /**
   * Runs {@code action} on the call's registry once per action id, and answers {@code message} of
   * its result (given " (already done at …)" when replayed) with a fresh id for form {@code form}.
   */
  private <T> Reply act(
      Call call,
      String kind,
      Class<T> type,
      Function<String, T> action,
      BiFunction<T, String, String> message,
      String form) {
    String name = call.param("name");
    RegistryPages.require(overview, name);
    UUID actionId = ActionLog.actionId(call.form());
    // A second press while the first runs is ActionLog.InProgress: the dashboard answers 409.
    ActionLog.Done<T> done =
        actions.once(
            actionId, call.frame().principal().actor(), kind, name, type, () -> action.apply(name));
    String when = done.replayed() ? " (already done at " + format(done.at()) + ")" : "";
    return RegistryPages.notice(call, done.result(), message.apply(done.result(), when), form);
  }

  private static String format(Instant t) {
    return Format.time(t);
  }
}
