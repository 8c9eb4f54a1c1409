package com.chittysync.cli;

import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PipelineEvent;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.pipeline.events.SyncRequested;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The deployed pipeline run in one process: the diff and apply services the functions call, with an
 * in-process queue standing in for the EventBridge bus. Events are handled in the order they were
 * put, as one consumer of each rule would.
 */
final class LocalPipeline implements EventSink {
  private final Deque<PipelineEvent> queue = new ArrayDeque<>();
  private DiffService diff;
  private ApplyService apply;

  /** Connects the services that consume the events (they are built with this sink). */
  void consumers(DiffService diff, ApplyService apply) {
    this.diff = diff;
    this.apply = apply;
  }

  @Override
  public synchronized void publish(List<? extends PipelineEvent> events) {
    queue.addAll(events);
  }

  /**
   * Delivers events until none is left; returns the {@code SyncCompleted} events.
   *
   * @param progress told what each event led to
   */
  List<SyncCompleted> drain(Consumer<String> progress) {
    List<SyncCompleted> completed = new ArrayList<>();
    while (true) {
      PipelineEvent event;
      synchronized (this) {
        event = queue.poll();
      }
      if (event == null) {
        return completed;
      }
      // Java 17 has no pattern switch; the interface is sealed, so these are all the cases.
      if (event instanceof SyncRequested requested) {
        DiffService.Outcome outcome =
            diff.onSyncRequested(
                requested.registry(), requested.reason(), requested.full(), "demo");
        progress.accept(
            "  SyncRequested "
                + requested.registry()
                + " → diff: "
                + outcome.status()
                + (outcome.ops() > 0 ? ", " + outcome.ops() + " op(s) planned" : ""));
      } else if (event instanceof PlanReady ready) {
        ApplyService.Outcome outcome = apply.onPlanReady(ready.registry(), ready.planId(), "demo");
        progress.accept(
            "  PlanReady     "
                + ready.registry()
                + " → apply: "
                + outcome.status()
                + outcome
                    .outcome()
                    .map(
                        o ->
                            ", "
                                + o.applied()
                                + " applied, "
                                + o.stale()
                                + " stale, "
                                + o.failed()
                                + " failed")
                    .orElse(""));
      } else if (event instanceof SyncCompleted done) {
        completed.add(done);
      }
    }
  }
}
