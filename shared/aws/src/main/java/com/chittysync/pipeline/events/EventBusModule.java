package com.chittysync.pipeline.events;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.core.config.Environment;
import dagger.Module;
import dagger.Provides;
import java.time.Duration;
import javax.inject.Singleton;

/**
 * Provides the bus the pipeline's services put their events on. The bus is read from {@value
 * EventPublisher#BUS_SETTING} at init; no client connects before the first event.
 */
@Module
public final class EventBusModule {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  private EventBusModule() {}

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
}
