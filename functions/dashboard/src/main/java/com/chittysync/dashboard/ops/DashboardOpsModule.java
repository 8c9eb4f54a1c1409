package com.chittysync.dashboard.ops;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.EventPublisher;
import com.chittysync.aws.LazyClient;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.dashboard.registry.DeadLetterRoutes;
import com.chittysync.dashboard.registry.DriftRoutes;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.sync.state.PendingSyncs;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The dashboard's pipeline operations from configuration, and the drift and dead-letter tabs.
 *
 * <ul>
 *   <li>{@link DeadLetters}: {@link SqsDeadLetters} over {@value SqsDeadLetters#SETTING}, or {@link
 *       DeadLetters#NONE} when it is empty; with queues, {@value EventPublisher#BUS_SETTING} is
 *       required (a redrive puts events back on the bus);
 *   <li>{@link SyncRequests}: {@link EventBridgeSyncRequests} on {@value
 *       EventPublisher#BUS_SETTING}; without a bus, a request is refused with a config error;
 *   <li>{@link NextRuns}: {@link ConfigNextRuns}, from the sync config;
 *   <li>{@link DriftRoutes} and {@link DeadLetterRoutes} into the dashboard's set of routes.
 * </ul>
 *
 * Needs {@link Environment}, {@link AwsClientConfig} (shared/aws's {@code AwsModule}), {@link
 * com.chittysync.sync.SyncService}, {@link com.chittysync.sync.state.Overview}, the {@link
 * com.chittysync.store.Database} and {@link com.chittysync.audit.log.AuditLog} (for {@link
 * com.chittysync.dashboard.ActionLog}) and a {@link java.time.Clock}. It binds its own bus client
 * rather than {@link EventPublisher}, so it sits beside {@code PipelineModule} without a clash.
 */
@Module
public abstract class DashboardOpsModule {
  private static final Duration SQS_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PUT_TIMEOUT = Duration.ofSeconds(10);

  private DashboardOpsModule() {}

  /** The pipeline's bus, when {@value EventPublisher#BUS_SETTING} names one. */
  public record Bus(Optional<EventPublisher> publisher) {}

  @Provides
  @Singleton
  static Bus bus(Environment env, AwsClientConfig aws) {
    return new Bus(
        env.get(EventPublisher.BUS_SETTING)
            .filter(b -> !b.isBlank())
            .map(b -> new EventPublisher(b, () -> aws.eventBridge(PUT_TIMEOUT))));
  }

  @Provides
  @Singleton
  static DeadLetters deadLetters(Environment env, AwsClientConfig aws, Bus bus) {
    List<String> queues = SqsDeadLetters.queues(env.get(SqsDeadLetters.SETTING).orElse(""));
    if (queues.isEmpty()) {
      return DeadLetters.NONE;
    }
    EventPublisher publisher =
        bus.publisher()
            .orElseThrow(
                () ->
                    new ConfigException(
                        EventPublisher.BUS_SETTING
                            + ": required with "
                            + SqsDeadLetters.SETTING
                            + " (a redrive puts the events back on the pipeline's bus)"));
    LazyClient<SqsClient> sqs =
        new LazyClient<>(
            () ->
                aws.configure(SqsClient.builder(), "SQS")
                    .overrideConfiguration(o -> o.apiCallTimeout(SQS_TIMEOUT))
                    .build());
    return new SqsDeadLetters(queues, sqs::get, publisher);
  }

  @Provides
  @Singleton
  static SyncRequests syncRequests(Bus bus, LocalOverrides local, PendingSyncs pending) {
    if (local.syncRequests().isPresent()) {
      return local.syncRequests().get();
    }
    return bus.publisher()
        .<SyncRequests>map(publisher -> new EventBridgeSyncRequests(publisher, pending))
        .orElse(
            (registry, actor) -> {
              throw new ConfigException(
                  EventPublisher.BUS_SETTING
                      + ": not set, so the dashboard cannot ask the pipeline for a sync");
            });
  }

  @Binds
  abstract NextRuns nextRuns(ConfigNextRuns runs);

  @Binds
  @IntoSet
  abstract Routes driftRoutes(DriftRoutes routes);

  @Binds
  @IntoSet
  abstract Routes deadLetterRoutes(DeadLetterRoutes routes);
}
