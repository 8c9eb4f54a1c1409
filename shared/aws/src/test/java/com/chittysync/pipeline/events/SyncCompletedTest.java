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
                + "\",\"applied\":3,\"failed\":1,\"held\":2,\"stale\":0,\"ops\":4,\"pending\":0}");
    assertThat(SyncCompleted.parse(done.detailJson())).isEqualTo(done);
    assertThat(PipelineEvent.parse("SyncCompleted", done.detailJson())).isEqualTo(done);
  }

  @Test
  void aPartOfAPlanSaysHowManyOpsRemain() {
    SyncCompleted part = new SyncCompleted("people", PLAN, 20, 0, 0, 0, 60, 40);
    assertThat(part.complete()).isFalse();
    assertThat(part.detailJson()).contains("\"ops\":60,\"pending\":40");
    assertThat(SyncCompleted.parse(part.detailJson())).isEqualTo(part);
  }

  @Test
  void anEventPutBeforePlansWereAppliedInPartsReadsAsAWholePlan() {
    SyncCompleted old =
        SyncCompleted.parse(
            "{\"registry\":\"people\",\"plan_id\":\""
                + PLAN
                + "\",\"applied\":3,\"failed\":1,\"held\":2,\"stale\":1}");
    assertThat(old.ops()).isEqualTo(5);
    assertThat(old.complete()).isTrue();
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
