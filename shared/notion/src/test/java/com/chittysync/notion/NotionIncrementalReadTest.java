package com.chittysync.notion;

import static com.chittysync.notion.NotionHarness.json;
import static com.chittysync.notion.NotionHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.emulators.notion.RequestLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental read of a Notion data source returns the pages edited since the last sync and the
 * keys gone since: pages moved to the trash, deleted, or given another key.
 */
class NotionIncrementalReadTest {
  @TempDir Path dir;
  private NotionHarness h;
  private Map<String, String> pages;

  @BeforeEach
  void open() {
    h = new NotionHarness(dir);
    pages = h.pagesEditedTenMinutesAgo("P1", "P2", "P3");
    h.sync(true);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private static List<String> keys(FetchResult result) {
    List<String> keys = new ArrayList<>();
    result.records().forEach(r -> keys.add(r.key()));
    return keys;
  }

  @Test
  void incrementalReadSkipsUnchangedPagesOnceTheClockMoves() {
    h.notion.humanEdit(pages.get("P2"), json("{" + NotionHarness.title("Renamed") + "}"));

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync());

      assertThat(result.complete()).isFalse();
      assertThat(keys(result)).containsExactly("P2");
      assertThat(result.records().get(0).record().get("name").asText()).isEqualTo("Renamed");
      assertThat(result.deleted()).isEmpty();
    }
  }

  @Test
  void recheckedKeysAreReturnedAsTheyAreThoughUnchangedSinceTheCursor() {
    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync().withRecheck(Set.of("P1", "P9")));

      assertThat(result.complete()).isFalse();
      assertThat(keys(result)).containsExactly("P1");
      assertThat(result.deleted()).as("no live page holds P9").containsExactly("P9");
    }
  }

  @Test
  void trashedPageIsReportedDeletedByIncrementalRead() {
    h.notion.trash(pages.get("P1"));

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync());

      assertThat(result.complete()).isFalse();
      assertThat(result.deleted()).containsExactly("P1");
      assertThat(keys(result)).isEmpty();
    }
  }

  @Test
  void aPageGivenAnotherKeyReportsItsOldKeyDeleted() {
    h.notion.humanEdit(pages.get("P3"), json("{" + text("Person ID", "P3b") + "}"));

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync());

      assertThat(keys(result)).containsExactly("P3b");
      assertThat(result.deleted()).containsExactly("P3");
    }
  }

  @Test
  void aKeyTrashedWithItsPageButHeldByANewOneIsNotDeleted() {
    h.notion.trash(pages.get("P1"));
    String again = h.page("P1", "Back again");

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync());

      assertThat(result.deleted()).isEmpty();
      assertThat(result.records()).extracting(RemoteRecord::remoteId).containsExactly(again);
    }
  }

  @Test
  void onlyTheKeyPropertyOfQuietPagesIsReadAndOnlyVanishedOnesByPage() {
    h.notion.trash(pages.get("P1"));
    h.notion.requestLog().clear();

    try (NotionEndpoint endpoint = h.endpoint()) {
      endpoint.fetch(h.sinceLastSync());
    }

    List<RequestLog.Entry> queries = h.notion.requestLog().entries("POST", "/v1/data_sources/");
    assertThat(queries).hasSize(2);
    assertThat(queries.get(0).body()).contains("\"last_edited_time\"");
    assertThat(queries.get(1).query()).contains("filter_properties");
    assertThat(h.notion.requestLog().entries("GET", "/v1/pages/"))
        .extracting(RequestLog.Entry::path)
        .containsExactly("/v1/pages/" + pages.get("P1"));
  }

  @Test
  void manyPagesGoneAtOnceAreReadInFull() {
    String[] keys = new String[VanishedKeys.MAX_CONFIRMED + 2];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "M" + i;
    }
    Map<String, String> many = h.pagesEditedTenMinutesAgo(keys);
    h.sync(true);
    many.values().forEach(h.notion::trash);

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(h.sinceLastSync());

      assertThat(result.complete()).isTrue();
      assertThat(keys(result)).containsExactlyInAnyOrder("P1", "P2", "P3");
      assertThat(result.deleted()).isEmpty();
    }
  }

  @Test
  void aFullReadSkipsTrashedPagesAndReportsNoDeletionByKey() {
    h.notion.trash(pages.get("P1"));

    try (NotionEndpoint endpoint = h.endpoint()) {
      FetchResult result = endpoint.fetch(FetchRequest.fullScan());

      assertThat(result.complete()).isTrue();
      assertThat(keys(result)).containsExactlyInAnyOrder("P2", "P3");
      assertThat(result.deleted()).isEmpty();
    }
  }
}
