package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditApiTest {
  private AuditLogFixture f;

  @BeforeEach
  void open() {
    f = new AuditLogFixture();
  }

  @AfterEach
  void close() {
    f.close();
  }

  /**
   * An entry of about {@code units * 5} canonical bytes whose text escapes badly: quotes and
   * non-ASCII, as a large record's values would.
   */
  static AuditRecord large(int n, int units) {
    return new AuditRecord(
        "sync.op",
        "engine",
        Json.mapper().createObjectNode().put("n", n).put("text", "a\"é".repeat(units)));
  }

  private List<byte[]> stored() {
    List<byte[]> entries = new ArrayList<>();
    f.log.entries(0, Long.MAX_VALUE, (seq, entry, leaf) -> entries.add(entry));
    return entries;
  }

  /** Follows the pages from 0 as a client would, checking each against {@code budget}. */
  private List<String> follow(AuditApi api, long budget, List<Integer> pageSizes) throws Exception {
    List<String> lines = new ArrayList<>();
    Map<String, String> query = new HashMap<>(Map.of("from", "0"));
    while (true) {
      HttpResult page = api.entries(query);
      assertThat(page.status()).isEqualTo(200);
      byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
      String asJsonString = Json.mapper().writeValueAsString(page.body());
      assertThat(AuditApi.escapedSize(body))
          .isGreaterThanOrEqualTo(asJsonString.getBytes(StandardCharsets.UTF_8).length);
      String[] got = page.body().split("\n");
      if (got.length > 1) {
        assertThat(AuditApi.escapedSize(body)).isLessThanOrEqualTo(budget);
      }
      pageSizes.add(got.length);
      lines.addAll(List.of(got));
      String next = page.headers().get(AuditApi.NEXT_HEADER);
      if (next == null) {
        return lines;
      }
      assertThat(page.headers().get("link"))
          .isEqualTo("</v1/audit/entries?from=" + next + ">; rel=\"next\"");
      query.put("from", next);
    }
  }

  private static void assertExactEntries(List<String> lines, List<byte[]> stored) {
    assertThat(lines).hasSize(stored.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .isEqualTo(
              "{\"seq\":"
                  + i
                  + ",\"entry\":"
                  + new String(stored.get(i), StandardCharsets.UTF_8)
                  + "}");
    }
  }

  @Test
  void largeEntriesSplitAcrossPagesUnderByteBudget() throws Exception {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(large(i, 180_000));
    }
    f.log.append(records);
    f.append(3);
    List<byte[]> stored = stored();
    assertThat(stored.get(0).length).isBetween(850_000, AuditLog.MAX_ENTRY_BYTES);

    List<Integer> pageSizes = new ArrayList<>();
    List<String> lines = follow(new AuditApi(f.log), AuditApi.DEFAULT_PAGE_BYTES, pageSizes);

    assertExactEntries(lines, stored);
    // About 2 MB each once escaped: two to a 4 MiB page.
    assertThat(pageSizes).containsExactly(2, 2, 2, 2, 2, 5);
  }

  @Test
  void anEntryOverThePageBudgetIsServedAloneOnItsPage() throws Exception {
    List<AuditRecord> records = new ArrayList<>();
    records.add(AuditLogFixture.record(0));
    records.add(large(1, 8_000));
    records.add(AuditLogFixture.record(2));
    records.add(AuditLogFixture.record(3));
    f.log.append(records);
    AuditApi api = new AuditApi(f.log, AuditApi.MIN_PAGE_BYTES);

    List<Integer> pageSizes = new ArrayList<>();
    List<String> lines = follow(api, AuditApi.MIN_PAGE_BYTES, pageSizes);

    assertExactEntries(lines, stored());
    assertThat(pageSizes).containsExactly(1, 1, 2);
  }

  @Test
  void aPageFullByCountNamesTheNextEntryAndTheLastPageNone() throws Exception {
    f.append(AuditApi.MAX_PAGE + 5);
    AuditApi api = new AuditApi(f.log);

    HttpResult first = api.entries(Map.of());
    assertThat(first.body().split("\n")).hasSize(AuditApi.MAX_PAGE);
    assertThat(first.headers()).containsEntry(AuditApi.NEXT_HEADER, "10000");
    HttpResult last = api.entries(Map.of("from", "10000"));
    assertThat(last.body().split("\n")).hasSize(5);
    assertThat(last.headers()).doesNotContainKey(AuditApi.NEXT_HEADER);
    assertThat(api.entries(Map.of("from", "0", "to", "10003")).headers())
        .containsEntry("link", "</v1/audit/entries?from=10000&to=10003>; rel=\"next\"");
    // A page that ends where the caller asked it to names no continuation either.
    assertThat(api.entries(Map.of("from", "0", "to", "7")).headers())
        .doesNotContainKey(AuditApi.NEXT_HEADER);
  }

  @Test
  void checkpointsComeInPagesThatNameTheNextAndTheLastPageNone() throws Exception {
    // A log signs a checkpoint per apply: more than a page of them, stored as the table holds
    // them (the route serves them as stored, it does not verify them).
    int total = AuditApi.MAX_CHECKPOINTS_PAGE + 3;
    f.sql(
        "INSERT INTO chittysync.audit_checkpoints (tree_size, origin, root_hash, note)"
            + " SELECT g, 'test.example/log', sha256(g::text::bytea), 'note ' || g || chr(10)"
            + " FROM generate_series(1, "
            + total
            + ") g");
    AuditApi api = new AuditApi(f.log);

    HttpResult first = api.checkpoints(Map.of());
    JsonNode firstList = Json.mapper().readTree(first.body());
    assertThat(firstList).hasSize(AuditApi.MAX_CHECKPOINTS_PAGE);
    assertThat(firstList.get(0).get("tree_size").asLong()).isEqualTo(1);
    String last = Integer.toString(AuditApi.MAX_CHECKPOINTS_PAGE);
    assertThat(first.headers())
        .containsEntry(AuditApi.NEXT_HEADER, last)
        .containsEntry("link", "</v1/audit/checkpoints?after=" + last + ">; rel=\"next\"");

    HttpResult rest = api.checkpoints(Map.of("after", last));
    JsonNode restList = Json.mapper().readTree(rest.body());
    assertThat(restList).hasSize(3);
    assertThat(restList.get(0).get("tree_size").asLong())
        .isEqualTo(AuditApi.MAX_CHECKPOINTS_PAGE + 1);
    assertThat(restList.get(0).get("note").asText())
        .isEqualTo("note " + (AuditApi.MAX_CHECKPOINTS_PAGE + 1) + "\n");
    assertThat(rest.headers()).doesNotContainKey(AuditApi.NEXT_HEADER);
  }

  @Test
  void checkpointsAfterThatIsNotANumberIsMalformedInput() {
    assertThatThrownBy(() -> new AuditApi(f.log).checkpoints(Map.of("after", "x")))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("query parameter 'after' must be a whole number, got 'x'");
  }
}
