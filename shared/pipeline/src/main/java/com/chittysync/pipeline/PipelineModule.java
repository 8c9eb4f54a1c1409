package com.chittysync.pipeline;

import com.chittysync.core.config.Environment;
import com.chittysync.pipeline.events.EventBusModule;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;

/**
 * Provides the pipeline's diff and apply services to a function's component, and the bus they put
 * their events on ({@link EventBusModule}).
 */
@Module(includes = {JdbcStateModule.class, EventBusModule.class})
public final class PipelineModule {
  private PipelineModule() {}

  @Provides
  static DiffService diffService(
      SyncService sync, EventSink events, PendingSyncs pending, HandOver handOver) {
    return new DiffService(sync, events, pending, handOver);
  }

  @Provides
  static ApplyService applyService(
      SyncService sync, ReviewQueue review, EventSink events, HandOver handOver) {
    return new ApplyService(sync, review, events, handOver);
  }

  @Provides
  static HandOver handOver(Environment env, Clock clock) {
    return HandOver.from(env, clock);
  }
}
