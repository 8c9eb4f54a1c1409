package com.chittysync.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanReadyTest {
  private static final UUID PLAN = UUID.fromString("7d1f3a2e-0000-4000-8000-000000000001");

  @Test
  void roundTripsWithTheBusFormat() {
    PlanReady counted = PlanReady.counted("people", PLAN, 2);
    assertThat(counted.detailJson())
        .isEqualTo("{\"registry\":\"people\",\"plan_id\":\"" + PLAN + "\",\"ops\":2}");
    assertThat(PlanReady.parse(counted.detailJson())).isEqualTo(counted);
    assertThat(PipelineEvent.parse("PlanReady", counted.detailJson())).isEqualTo(counted);
  }

  @Test
  void anUncountedPlanIsMinusOneOnTheBusAndEmptyInJava() {
    PlanReady again = PlanReady.uncounted("people", PLAN);
    assertThat(again.detailJson()).contains("\"ops\":-1");
    assertThat(PlanReady.parse(again.detailJson()).ops()).isEqualTo(OptionalInt.empty());
    assertThat(PlanReady.parse("{\"registry\":\"people\",\"plan_id\":\"" + PLAN + "\"}").ops())
        .isEmpty();
  }

  @Test
  void aMalformedDetailIsRefusedNamingTheField() {
    assertThatThrownBy(() -> PlanReady.parse("{\"registry\":\"people\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("plan_id"))
        .hasMessageContaining("PlanReady event has no 'plan_id'");
    assertThatThrownBy(() -> PlanReady.parse("{\"registry\":\"people\",\"plan_id\":\"nope\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("plan_id"))
        .hasMessageContaining("PlanReady plan_id 'nope' is not a UUID");
    assertThatThrownBy(
            () ->
                PlanReady.parse(
                    "{\"registry\":\"people\",\"plan_id\":\"" + PLAN + "\",\"ops\":\"two\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("ops"));
  }
}
