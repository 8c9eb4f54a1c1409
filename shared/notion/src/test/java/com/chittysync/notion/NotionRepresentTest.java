package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record as the Notion endpoint holds it once written: what the next fetch returns. */
class NotionRepresentTest {
  @TempDir Path dir;
  private NotionHarness h;
  private NotionEndpoint endpoint;

  @BeforeEach
  void open() {
    h = new NotionHarness(dir);
    endpoint = h.endpoint();
  }

  @AfterEach
  void close() {
    endpoint.close();
    h.close();
  }

  private static CanonicalRecord record(String key, String fields) {
    try {
      JsonNode json = Json.mapper().readTree(fields);
      Map<String, JsonNode> values = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue());
      }
      values.put("id", Json.mapper().getNodeFactory().textNode(key));
      return new CanonicalRecord(key, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record as Notion holds it: written by the endpoint, then read back by a full fetch. */
  private CanonicalRecord writtenAndReadBack(CanonicalRecord record) {
    OpResult created = endpoint.apply(List.of(new Op.Create(1, record.key(), record))).get(0);
    assertThat(created.outcome()).as(created.error()).isEqualTo(OpResult.Outcome.APPLIED);
    try (NotionEndpoint reader = h.endpoint()) {
      return reader.fetch(FetchRequest.fullScan()).records().stream()
          .filter(r -> r.key().equals(record.key()))
          .findFirst()
          .orElseThrow()
          .record();
    }
  }

  @Test
  void representTurnsNullCheckboxIntoFalse() {
    CanonicalRecord represented = endpoint.represent(record("P1", "{\"name\":\"Ann\"}"));

    assertThat(represented.get("active").asBoolean()).isFalse();
    assertThat(represented.fields()).containsKey("active");
  }

  @Test
  void representDropsTextNotionHoldsAsNoText() {
    CanonicalRecord represented =
        endpoint.represent(record("P1", "{\"name\":\"Ann\",\"notes\":\"\",\"site\":\"\"}"));

    assertThat(represented.fields()).doesNotContainKeys("notes", "site");
    assertThat(represented.get("name").asText()).isEqualTo("Ann");
  }

  @Test
  void representGivesValuesInTheFormNotionReturns() {
    CanonicalRecord represented =
        endpoint.represent(
            record(
                "P1",
                "{\"tags\":\"solo\",\"born\":{\"start\":\"1985-04-12\",\"end\":null},\"team\":7,"
                    + "\"owner\":[\"C2F203119E544D118C797398424AE41E\"]}"));

    assertThat(represented.get("tags").toString()).isEqualTo("[\"solo\"]");
    assertThat(represented.get("born").asText()).isEqualTo("1985-04-12");
    assertThat(represented.get("team").asText()).isEqualTo("7");
    assertThat(represented.get("owner").toString())
        .isEqualTo("[\"c2f20311-9e54-4d11-8c79-7398424ae41e\"]");
  }

  @Test
  void representKeepsReadOnlyUnmappedAndUnwritableValuesAsGiven() {
    CanonicalRecord given =
        record(
            "P1",
            "{\"edited\":\"2026-01-01T10:05:17Z\",\"nickname\":\"\",\"active\":\"yes\","
                + "\"notes\":\"  \"}");

    CanonicalRecord represented = endpoint.represent(given);

    assertThat(represented.get("edited").asText()).isEqualTo("2026-01-01T10:05:17Z");
    assertThat(represented.get("nickname").asText()).isEmpty();
    assertThat(represented.get("active").asText()).isEqualTo("yes");
    assertThat(represented.get("notes").asText()).isEqualTo("  ");
  }

  @Test
  void representIsIdempotent() {
    CanonicalRecord given =
        record(
            "P1",
            "{\"name\":\""
                + "n".repeat(4500)
                + "\",\"notes\":\"\",\"tags\":\"a\","
                + "\"born\":{\"start\":\"2024-02-01\",\"end\":\"2024-02-03\"}}");

    CanonicalRecord once = endpoint.represent(given);

    assertThat(endpoint.represent(once)).isEqualTo(once);
  }

  @Test
  void representIsWhatTheNextFetchReturns() {
    CanonicalRecord given =
        record(
            "P7",
            "{\"name\":\"Gil\",\"notes\":\"\",\"tags\":\"solo\",\"team\":\"Ops\","
                + "\"born\":{\"start\":\"1990-01-02\",\"end\":null},\"site\":\"\"}");

    CanonicalRecord represented = endpoint.represent(given);
    CanonicalRecord fetched = writtenAndReadBack(given);

    assertThat(fetched.with(Map.of("edited", Json.mapper().nullNode()))).isEqualTo(represented);
  }
}
