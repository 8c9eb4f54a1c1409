package com.chittysync.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.MotoServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** The EventBridge client built by {@link AwsClientConfig} reaches moto_server's EventBridge. */
class MotoEventBridgeTest {
  @Test
  void clientFollowsTheEndpointOverrideAndPublishes() {
    String bus = "chittysync-test-" + UUID.randomUUID();
    try (EventBridgeClient events =
        new AwsClientConfig(MotoServer.shared().env()).eventBridge(Duration.ofSeconds(5))) {
      events.createEventBus(b -> b.name(bus));
      PutEventsResponse response =
          events.putEvents(
              b ->
                  b.entries(
                      e ->
                          e.eventBusName(bus)
                              .source("chittysync")
                              .detailType("Test")
                              .detail("{\"ok\":true}")));
      assertThat(response.failedEntryCount()).isZero();
      assertThat(response.entries()).hasSize(1);
    }
  }

  @Test
  void serviceSpecificEndpointWinsOverTheGeneralOne() {
    Map<String, String> env = new HashMap<>(MotoServer.shared().env());
    env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", MotoServer.shared().endpoint());
    try (EventBridgeClient events = new AwsClientConfig(env).eventBridge(Duration.ofSeconds(5))) {
      assertThat(events.listEventBuses(b -> b.limit(1)).sdkHttpResponse().isSuccessful()).isTrue();
    }
  }
}
