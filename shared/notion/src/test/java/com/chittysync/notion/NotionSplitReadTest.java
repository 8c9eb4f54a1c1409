package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.emulators.notion.RequestLog;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full read too long for one invocation is read in parts, each by an endpoint a fresh container
 * opens: every page is read once, and what was edited while the read went on is seen.
 */
class NotionSplitReadTest {
  @TempDir Path dir;
  private NotionHarness h;
  private final Map<String, String> pageIds = new HashMap<>();

  @BeforeEach
  void open() {
    h = new NotionHarness(dir);
    for (int i = 0; i < 250; i++) {
      String key = String.format("p%03d", i);
      pageIds.put(key, h.page(key, "Name " + i));
    }
    h.notion.requestLog().clear();
  }

  @AfterEach
  void close() {
    h.close();
  }

  /** A full read whose time is already up: each part reads one response (100 pages) and stops. */
  private static FetchRequest partOfAFullRead() {
    return FetchRequest.fullScan().withStopBy(Instant.now().minusSeconds(1));
  }

  @Test
  void aFullReadSplitAcrossInvocationsReadsEveryPageOnceAndSeesEditsMadeMeanwhile() {
    FetchResult first = h.endpoint().fetch(partOfAFullRead());
    assertThat(first.unfinished()).hasValue(100);
    assertThat(first.records()).isEmpty();
    // A person renames a page the first part read, and adds one.
    h.notion.humanEdit(
        pageIds.get("p005"), NotionHarness.json("{" + NotionHarness.title("Renamed") + "}"));
    FetchResult second = h.endpoint().fetch(partOfAFullRead());
    assertThat(second.unfinished()).hasValue(200);
    h.page("p250", "Late");

    FetchResult last = h.endpoint().fetch(partOfAFullRead());

    assertThat(last.unfinished()).isEmpty();
    assertThat(last.complete()).isTrue();
    assertThat(last.problems()).isEmpty();
    List<String> keys = last.records().stream().map(RemoteRecord::key).toList();
    assertThat(keys).hasSize(251).doesNotHaveDuplicates();
    assertThat(name(last, "p005")).isEqualTo("Renamed");
    assertThat(name(last, "p250")).isEqualTo("Late");
    // Each response of the read was asked for once, in order, none again from the start.
    assertThat(fullReadCursors()).hasSize(3).doesNotHaveDuplicates().startsWith("start");
    assertThat(keptPages()).isZero();
  }

  @Test
  void aReadThatFailsMidWayGoesOnFromItsLastKeptResponse() {
    assertThat(h.endpoint().fetch(partOfAFullRead()).unfinished()).hasValue(100);
    // The next container, with time enough for the rest, finds Notion failing past its retries.
    FetchRequest rest = FetchRequest.fullScan().withStopBy(Instant.now().plusSeconds(600));
    NotionEndpoint crashing = h.endpoint();
    h.notion.faults().failNext(20, 500, "internal_server_error");
    assertThatThrownBy(() -> crashing.fetch(rest)).isInstanceOf(RuntimeException.class);
    h.notion.faults().reset();

    FetchResult done = h.endpoint().fetch(rest);

    assertThat(done.records()).hasSize(250);
    assertThat(done.records().stream().map(RemoteRecord::key)).doesNotHaveDuplicates();
    // The kept response was not asked for again.
    assertThat(fullReadCursors()).hasSize(3).doesNotHaveDuplicates().startsWith("start");
    assertThat(keptPages()).isZero();
  }

  @Test
  void aDryRunNeitherKeepsNorContinuesARead() {
    assertThat(h.endpoint().fetch(partOfAFullRead()).unfinished()).hasValue(100);

    FetchResult dry = h.endpoint().fetch(partOfAFullRead().withDryRun(true));

    assertThat(dry.unfinished()).isEmpty();
    assertThat(dry.records()).hasSize(250);
    // The kept part is still there for the next real read to continue.
    assertThat(keptPages()).isEqualTo(100);
  }

  @Test
  void aDeleteAppliedWhileAReadIsKeptStartsTheReadAgain() {
    RemoteRecord p002 =
        h.endpoint().fetch(FetchRequest.fullScan()).records().stream()
            .filter(r -> r.key().equals("p002"))
            .findFirst()
            .orElseThrow();
    assertThat(h.endpoint().fetch(partOfAFullRead()).unfinished()).hasValue(100);

    NotionEndpoint endpoint = h.endpoint();
    endpoint.apply(List.of(new Op.Delete(1, "p002", p002.remoteId(), p002.record())));

    // The page kept as live is in the trash now: the read starts again.
    assertThat(keptPages()).isZero();
    h.notion.requestLog().clear();
    FetchResult again = h.endpoint().fetch(partOfAFullRead());
    assertThat(again.unfinished()).hasValue(100);
    assertThat(fullReadCursors()).containsExactly("start");
  }

  private static String name(FetchResult result, String key) {
    return result.records().stream()
        .filter(r -> r.key().equals(key))
        .findFirst()
        .orElseThrow()
        .record()
        .get("name")
        .asText();
  }

  /** The start cursor of each full-read query sent ({@code start} for the first response). */
  private List<String> fullReadCursors() {
    List<String> out = new ArrayList<>();
    for (RequestLog.Entry e : h.notion.requestLog().entries("POST", "/v1/data_sources/")) {
      if (e.status() != 200) {
        continue;
      }
      JsonNode body = NotionHarness.json(e.body());
      if (!body.has("filter")) {
        out.add(body.path("start_cursor").asText("start"));
      }
    }
    return out;
  }

  private int keptPages() {
    return h.database.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT count(*) FROM chittysync.notion_read_stage_pages")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }
}
