package com.chittysync.pipeline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncRequestedTest {
  @Test
  void eachProducersDetailIsTheBusFormatAndReadsBack() {
    SyncRequested scheduled = SyncRequested.of("people", "schedule");
    SyncRequested person = SyncRequested.byPerson("people", "dashboard", "user:ada");
    SyncRequested webhook =
        SyncRequested.byWebhook("people", "notion.webhook", List.of(), List.of("evt-1"));
    assertThat(scheduled.detailJson())
        .isEqualTo("{\"registry\":\"people\",\"reason\":\"schedule\"}");
    assertThat(person.detailJson())
        .isEqualTo("{\"registry\":\"people\",\"reason\":\"dashboard\",\"actor\":\"user:ada\"}");
    assertThat(webhook.detailJson())
        .isEqualTo(
            "{\"registry\":\"people\",\"reason\":\"notion.webhook\",\"pages\":[],\"event_ids\":[\"evt-1\"]}");
    for (SyncRequested event : List.of(scheduled, person, webhook)) {
      assertThat(SyncRequested.parse(event.detailJson())).isEqualTo(event);
      assertThat(PipelineEvent.parse(SyncRequested.DETAIL_TYPE, event.detailJson()))
          .isEqualTo(event);
    }
    assertThat(person.toEvent().detailType()).isEqualTo("SyncRequested");
  }

  @Test
  void aDetailPutByHandReadsAsTheDiffFunctionAlwaysHas() {
    SyncRequested read = SyncRequested.parse(Map.of("registry", "people", "full", "true"));
    assertThat(read.reason()).isEqualTo(SyncRequested.UNSPECIFIED);
    assertThat(read.full()).isTrue();
    assertThat(SyncRequested.parse(read.detailJson())).isEqualTo(read);
  }

  @Test
  void aMalformedDetailIsRefusedNamingTheField() {
    assertThatThrownBy(() -> SyncRequested.parse("{\"reason\":\"schedule\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("registry"))
        .hasMessageContaining("SyncRequested event has no 'registry'");
    assertThatThrownBy(() -> SyncRequested.parse("{\"registry\":\"people\",\"full\":\"yes\"}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("full"));
    assertThatThrownBy(() -> SyncRequested.parse("{\"registry\":\"people\",\"pages\":[1]}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("pages"));
    assertThatThrownBy(() -> SyncRequested.parse("[]"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("detail"));
    assertThatThrownBy(() -> PipelineEvent.parse("SyncStarted", "{}"))
        .isInstanceOfSatisfying(
            MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("detail-type"));
  }
}
