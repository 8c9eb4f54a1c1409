package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SheetsEndpoint#represent} against what the emulator gives back: for values of every field
 * type, the lossy ones too (empty text, numbers past a double's digits, sub-millisecond times,
 * booleans and numbers in text columns, JSON in text cells), a write then a fetch returns exactly
 * what represent said, by append and by update; and a write replayed is already applied.
 */
class SheetsRepresentTest {
  /** Values per canonical field, each written to its own record. */
  private static final Map<String, List<Object>> VALUES = new LinkedHashMap<>();

  static {
    VALUES.put(
        "name",
        List.of(
            "Ann",
            "",
            " ",
            "  padded  ",
            "line one\nline two\r\n",
            "tab\tinside",
            "'quoted",
            "'",
            "=SUM(A1)",
            "=",
            "+1",
            "007",
            "1e3",
            "3/1/2016",
            "TRUE",
            "2024-03-01",
            "😀 ünïcödé",
            "x".repeat(2_000),
            42L,
            new BigDecimal("1.50"),
            12345678901234567L,
            true));
    VALUES.put(
        "age",
        List.of(
            0L,
            -1L,
            41L,
            9007199254740993L,
            12345678901234567L,
            Long.MAX_VALUE,
            "12",
            "  8 ",
            new BigDecimal("7.0")));
    VALUES.put(
        "score",
        List.of(
            new BigDecimal("0.1"),
            new BigDecimal("0.30000000000000004"),
            new BigDecimal("0.333333333333333333333"),
            new BigDecimal("20.50"),
            new BigDecimal("1E-10"),
            new BigDecimal("1E+20"),
            new BigDecimal("123456789.123456789"),
            "3.25",
            5L));
    VALUES.put("active", List.of(true, false, "true", " FALSE"));
    VALUES.put(
        "born",
        List.of(
            "2016-03-01",
            "1899-12-30",
            "1900-01-01",
            "1850-06-15",
            " 2024-02-29 ",
            45352L,
            "9999-12-31"));
    VALUES.put(
        "seen",
        List.of(
            "2024-03-01T10:15:30.5Z",
            "2024-03-01T10:15:30.123456Z",
            "2024-03-01T10:15:30+02:00",
            "2024-03-01T10:15:30",
            "1900-02-01T15:00:00Z",
            "1850-06-15T23:59:59.999Z"));
    VALUES.put("total", List.of(82L, 0L));
    VALUES.put(
        "tags",
        List.of(
            json("[1,\"a\",null,true]"),
            json("[]"),
            json("[12345678901234567890, 0.1]"),
            "[1, 2]"));
    VALUES.put(
        "meta",
        List.of(json("{\"a\":1,\"b\":[2]}"), json("{}"), "{\"x\": \"y\"}", json("{\"n\":0.1}")));
    VALUES.put(
        "misc",
        List.of("007", 7L, new BigDecimal("7.5"), true, "TRUE", 12345678901234567L, "", " x "));
  }

  @TempDir Path dir;
  private SheetsHarness h;

  @BeforeEach
  void open() throws Exception {
    h = new SheetsHarness(dir);
    h.type("I1", List.of(row("Tags", "Meta", "Misc")));
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{"
            + "\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"born\":{\"type\":\"string\",\"format\":\"date\"},"
            + "\"active\":{\"type\":\"boolean\"},\"score\":{\"type\":\"number\"},"
            + "\"seen\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"total\":{\"type\":[\"integer\",\"null\"]},"
            + "\"tags\":{\"type\":\"array\"},\"meta\":{\"type\":\"object\"},\"misc\":{}}}");
    h.sql("ALTER TABLE people ADD COLUMN tags jsonb, ADD COLUMN meta jsonb, ADD COLUMN misc text");
    h.config(
        "",
        "{id: Person ID, name: Name, age: Age, born: Born, active: Active, score: Score,"
            + " seen: Seen, total: Total, tags: Tags, meta: Meta, misc: Misc}");
  }

  @AfterEach
  void close() {
    h.close();
  }

  private SheetsEndpoint endpoint() {
    RegistryConfig registry = h.service().config(Optional.empty()).registry("people");
    return new SheetsEndpointType(null, new Backoff(5, 40))
        .open(registry.endpoints().get("sheet"), registry, h.context());
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode node(Object value) {
    return value instanceof JsonNode n ? n : Json.mapper().valueToTree(value);
  }

  private static CanonicalRecord record(String key, String field, Object value) {
    Map<String, JsonNode> fields = new TreeMap<>();
    fields.put("id", TextNode.valueOf(key));
    fields.put(field, node(value));
    return new CanonicalRecord(key, fields);
  }

  /** One record per field and value: key {@code field-index}. */
  private static List<CanonicalRecord> records() {
    List<CanonicalRecord> records = new ArrayList<>();
    VALUES.forEach(
        (field, values) -> {
          for (int i = 0; i < values.size(); i++) {
            records.add(record(field + "-" + i, field, values.get(i)));
          }
        });
    return records;
  }

  private static Map<String, CanonicalRecord> fetchAll(SheetsEndpoint sheet) {
    FetchResult result = sheet.fetch(FetchRequest.fullScan());
    assertThat(result.problems()).isEmpty();
    Map<String, CanonicalRecord> byKey = new TreeMap<>();
    for (RemoteRecord r : result.records()) {
      byKey.put(r.key(), r.record());
    }
    return byKey;
  }

  private static List<Op> creates(List<CanonicalRecord> records) {
    List<Op> ops = new ArrayList<>();
    for (CanonicalRecord r : records) {
      ops.add(new Op.Create(ops.size() + 1, r.key(), r));
    }
    return ops;
  }

  /** Each record's field set to the next value in its list, from what the tab holds now. */
  private static List<Op.Update> nextValues(Map<String, CanonicalRecord> held) {
    List<Op.Update> ops = new ArrayList<>();
    VALUES.forEach(
        (field, values) -> {
          for (int i = 0; i < values.size(); i++) {
            String key = field + "-" + i;
            JsonNode next = node(values.get((i + 1) % values.size()));
            ops.add(new Op.Update(ops.size() + 1, key, key, held.get(key), Map.of(field, next)));
          }
        });
    return ops;
  }

  @Test
  void representIsWhatAWriteThenAFetchGiveBack() {
    List<CanonicalRecord> records = records();
    try (SheetsEndpoint sheet = endpoint()) {
      h.sheets.requestLog().clear();
      Map<String, CanonicalRecord> represented = new TreeMap<>();
      records.forEach(r -> represented.put(r.key(), sheet.represent(r)));
      assertThat(h.apiRequests()).as("represent makes no request").isEmpty();

      assertThat(sheet.apply(creates(records)))
          .extracting(OpResult::outcome)
          .containsOnly(OpResult.Outcome.APPLIED);
      Map<String, CanonicalRecord> fetched = fetchAll(sheet);
      for (CanonicalRecord r : records) {
        assertThat(fetched.get(r.key()))
            .as("appended %s", r.toJsonString())
            .isEqualTo(represented.get(r.key()));
      }

      // The same values written over existing cells (values.batchUpdate, not append).
      List<Op.Update> updates = nextValues(fetched);
      assertThat(sheet.apply(new ArrayList<>(updates))).allMatch(OpResult::done);
      Map<String, CanonicalRecord> updated = fetchAll(sheet);
      for (Op.Update u : updates) {
        assertThat(updated.get(u.key()))
            .as("updated %s with %s", u.expected().toJsonString(), u.changes())
            .isEqualTo(sheet.represent(u.target()));
      }
    }
  }

  @Test
  void aReplayedWriteIsAlreadyAppliedEvenWhereTheTabCannotHoldTheValueAsGiven() {
    List<CanonicalRecord> records = records();
    try (SheetsEndpoint sheet = endpoint()) {
      List<Op> creates = creates(records);
      assertThat(sheet.apply(creates)).allMatch(OpResult::done);
      // A re-run after a crash: the tab holds each target as represent gives it, not as given.
      assertThat(sheet.apply(creates))
          .extracting(OpResult::outcome)
          .containsOnly(OpResult.Outcome.ALREADY_APPLIED);

      List<Op> updates = new ArrayList<>(nextValues(fetchAll(sheet)));
      assertThat(sheet.apply(updates)).allMatch(OpResult::done);
      assertThat(sheet.apply(updates))
          .extracting(OpResult::outcome)
          .containsOnly(OpResult.Outcome.ALREADY_APPLIED);
    }
  }

  @Test
  void representIsIdempotentAndLeavesWhatTheTabDoesNotMapAsGiven() {
    try (SheetsEndpoint sheet = endpoint()) {
      for (CanonicalRecord r : records()) {
        CanonicalRecord once = sheet.represent(r);
        assertThat(sheet.represent(once)).as(r.toJsonString()).isEqualTo(once);
      }
      CanonicalRecord unmapped =
          new CanonicalRecord(
              "P1",
              Map.of(
                  "nickname", TextNode.valueOf(""),
                  "count", Json.mapper().valueToTree(12345678901234567L),
                  "name", TextNode.valueOf("")));
      CanonicalRecord represented = sheet.represent(unmapped);
      assertThat(represented.get("nickname")).isEqualTo(TextNode.valueOf(""));
      assertThat(represented.get("count").longValue()).isEqualTo(12345678901234567L);
      assertThat(represented.fields()).doesNotContainKey("name");
      assertThat(represented.get("id")).isEqualTo(TextNode.valueOf("P1"));
    }
  }
}
