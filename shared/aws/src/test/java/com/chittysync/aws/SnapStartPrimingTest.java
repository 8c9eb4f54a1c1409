package com.chittysync.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {
  /** Nothing listens here: a priming step that made a call would fail. */
  private static final Map<String, String> UNREACHABLE =
      Map.of(
          "AWS_REGION", "eu-west-1",
          "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
          "AWS_ACCESS_KEY_ID", "testing",
          "AWS_SECRET_ACCESS_KEY", "testing");

  @Test
  void primingBuildsTheClientsWithoutAnyNetworkCall() {
    AtomicInteger extra = new AtomicInteger();
    SnapStartPriming priming =
        new SnapStartPriming("test", UNREACHABLE, List.of(extra::incrementAndGet));
    assertThat(priming.prime()).isEqualTo(5);
    assertThat(extra).hasValue(1);
  }

  @Test
  void aFailingStepIsSkippedNotFatal() {
    SnapStartPriming priming =
        new SnapStartPriming(
            "test",
            UNREACHABLE,
            List.of(
                () -> {
                  throw new IllegalStateException("boom");
                }));
    assertThat(priming.prime()).isEqualTo(4);
  }

  @Test
  void registeringOutsideSnapStartIsHarmless() {
    assertThat(SnapStartPriming.register("test", UNREACHABLE)).isNotNull();
  }
}
