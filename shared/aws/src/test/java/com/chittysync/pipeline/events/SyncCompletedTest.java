package com.chittysync.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyncCompletedTest {
  private static final UUID PLAN = UUID.fromString("7d1f3a2e-0000-4000-8000-000000000001");

  @Test
  void roundTripsWithTheBusFormat() {
    SyncCompleted done = new SyncCompleted("people", PLAN, 3, 1, 2, 0);
    assertThat(done.detailJson())
        .isEqualTo(
            "{\"registry\":\"people\",\"plan_id\":\""
                + PLAN
                + "\",\"applied\":3,\"failed\":1,\"held\":2,\"stale\":0}");
    assertThat(SyncCompleted.parse(done.detailJson())).isEqualTo(done);
    assertThat(PipelineEvent.parse("SyncCompleted", done.detailJson())).isEqualTo(done);
  }

  @Test
  void aMalformedDetailIsRefusedNamingTheField() {
    String withoutHeld =
        "{\"registry\":\"people\",\"plan_id\":\""
            + PLAN
            + "\",\"applied\":3,\"failed\":0,\"stale\":0}";
    assertThatThrownBy(() -> SyncCompleted.parse(withoutHeld))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("held"))
        .hasMessageContaining("SyncCompleted event has no 'held'");
    String negative = withoutHeld.replace("\"stale\":0", "\"stale\":-2,\"held\":0");
    assertThatThrownBy(() -> SyncCompleted.parse(negative))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("stale"));
    assertThatThrownBy(() -> SyncCompleted.parse("not json"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("detail"));
  }
}
