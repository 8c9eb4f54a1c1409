package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator keeps Notion's time: the wall clock's, stamped to the minute. */
class TimeTest {
  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds = emulator.createDatabase("Tasks", Json.parseObject("{\"Name\":{\"title\":{}}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String page(String title) {
    return emulator.createPage(
        ds.dataSourceId(),
        Json.parseObject("{\"Name\":{\"title\":[{\"text\":{\"content\":\"" + title + "\"}}]}}"));
  }

  private List<String> editedOnOrAfter(String instant) {
    Api.Response r =
        api.post(
            "/v1/data_sources/" + ds.dataSourceId() + "/query",
            "{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"on_or_after\":\""
                + instant
                + "\"}}}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.body().get("results").forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  @Test
  void pagesAreStampedWithTheWallClocksMinute() {
    Instant before = Instant.now();
    JsonNode page = api.get("/v1/pages/" + page("now")).body();
    Instant stamped = Instant.parse(page.get("created_time").asText());

    assertThat(stamped).isBetween(before.minus(Duration.ofMinutes(1)), Instant.now());
    assertThat(page.get("last_edited_time").asText()).isEqualTo(page.get("created_time").asText());
  }

  @Test
  void lastEditedTimeIsRoundedToTheMinute() {
    emulator.clock().set(Instant.parse("2026-01-01T10:05:17.250Z"));
    String page = page("p");
    assertThat(emulator.page(page).get("last_edited_time").asText())
        .isEqualTo("2026-01-01T10:05:00.000Z");

    emulator.clock().set(Instant.parse("2026-01-01T10:06:03Z"));
    emulator.humanEdit(
        page, Json.parseObject("{\"Name\":{\"title\":[{\"text\":{\"content\":\"q\"}}]}}"));
    assertThat(emulator.page(page).get("last_edited_time").asText())
        .isEqualTo("2026-01-01T10:06:00.000Z");
    assertThat(emulator.page(page).get("created_time").asText())
        .isEqualTo("2026-01-01T10:05:00.000Z");
  }

  @Test
  void timestampFiltersCompareTheMinuteNotionShows() {
    String page = page("p");
    // A time given to the second (a seed, a test) is shown, and filtered, as its minute.
    emulator.setPageTimes(
        page, Instant.parse("2026-01-01T10:05:42Z"), Instant.parse("2026-01-01T10:05:42Z"));

    assertThat(emulator.page(page).get("last_edited_time").asText())
        .isEqualTo("2026-01-01T10:05:00.000Z");
    assertThat(editedOnOrAfter("2026-01-01T10:05:00.000Z")).containsExactly(page);
    assertThat(editedOnOrAfter("2026-01-01T10:05:30.000Z")).isEmpty();
  }
}
