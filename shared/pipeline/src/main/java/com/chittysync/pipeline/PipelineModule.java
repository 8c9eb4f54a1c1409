package com.chittysync.pipeline;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.core.config.Environment;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.RegistryRows;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.jdbc.JdbcStateModule;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * Provides the pipeline's services to a function's component. The bus is read from {@value
 * EventPublisher#BUS_SETTING} at init; no client connects before the first event.
 */
@Module(includes = JdbcStateModule.class)
public final class PipelineModule {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  private PipelineModule() {}

  @Provides
  @Singleton
  static EventPublisher eventPublisher(Environment env, AwsClientConfig aws) {
    return new EventPublisher(
        env.get(EventPublisher.BUS_SETTING).orElse(null), () -> aws.eventBridge(PUBLISH_TIMEOUT));
  }

  @Provides
  static EventSink eventSink(EventPublisher publisher) {
    return EventSink.to(publisher);
  }

  @Provides
  static Scheduler scheduler(
      SyncService sync, RegistryRows registries, EventSink events, Clock clock) {
    return new Scheduler(sync, registries, events, clock);
  }

  @Provides
  static DiffService diffService(SyncService sync, EventSink events) {
    return new DiffService(sync, events);
  }

  @Provides
  static ApplyService applyService(SyncService sync, ReviewQueue review, EventSink events) {
    return new ApplyService(sync, review, events);
  }
}
