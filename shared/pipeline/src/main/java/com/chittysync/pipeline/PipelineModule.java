package com.chittysync.pipeline;

import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.events.EventBusModule;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.notify.NotificationStore;
import com.chittysync.pipeline.notify.RunNotifier;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.time.Duration;

/**
 * Provides the pipeline's diff and apply services to a function's component, and the bus they put
 * their events on ({@link EventBusModule}).
 */
@Module(includes = {JdbcStateModule.class, EventBusModule.class})
public final class PipelineModule {
  private PipelineModule() {}

  @Provides
  static DiffService diffService(
      SyncService sync,
      EventSink events,
      PendingSyncs pending,
      HandOver handOver,
      RunNotifier notifier) {
    return new DiffService(sync, events, pending, handOver, notifier);
  }

  @Provides
  static ApplyService applyService(
      SyncService sync,
      ReviewQueue review,
      EventSink events,
      HandOver handOver,
      RunNotifier notifier) {
    return new ApplyService(sync, review, events, handOver, notifier);
  }

  /** Without CHITTYSYNC_NOTIFY_WEBHOOK it touches neither the database nor the network. */
  @Provides
  static RunNotifier runNotifier(Environment env, RunLog runs, Lazy<Database> database) {
    return new RunNotifier(
        env, runs, () -> new NotificationStore(database.get()), Duration.ofSeconds(5));
  }

  @Provides
  static HandOver handOver(Environment env, Clock clock) {
    return HandOver.from(env, clock);
  }
}
