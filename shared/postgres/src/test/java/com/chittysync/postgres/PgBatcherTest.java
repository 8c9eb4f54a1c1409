package com.chittysync.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.OpResult.Outcome;
import com.chittysync.postgres.PgBatch.Action;
import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batcher alone, without a database: the shape it plans from is built by hand. */
class PgBatcherTest {
  private static final Map<String, String> COLUMNS = Map.of("id", "id", "name", "name");

  private static final TableShape SHAPE =
      new TableShape(
          "public.people",
          List.of(column("id", false), column("name", false), column("born", true)),
          0,
          Optional.empty());

  private static PgColumn column(String name, boolean readOnly) {
    return new PgColumn(
        name,
        name,
        "text",
        "pg_catalog.text",
        Kind.TEXT,
        Kind.OTHER,
        "text",
        -1,
        readOnly,
        readOnly ? "a generated column" : null);
  }

  private static PgBatcher batcher(int batchSize) {
    return new PgBatcher(
        new PostgresSettings(
            "endpoints.main",
            "main",
            "public",
            "people",
            new LinkedHashMap<>(COLUMNS),
            "id",
            Optional.empty(),
            batchSize,
            Optional.empty()));
  }

  private static CanonicalRecord person(String id, String name) {
    return new CanonicalRecord(
        id, Map.of("id", TextNode.valueOf(id), "name", TextNode.valueOf(name)));
  }

  private static Op.Update rename(int no, String id, String name) {
    Map<String, JsonNode> changes = Map.of("name", TextNode.valueOf(name));
    return new Op.Update(no, id, id, person(id, "old"), changes);
  }

  @Test
  void deletesThenUpdatesThenCreatesInBatchesAndARepeatedKeyAlone() {
    List<Op> ops =
        List.of(
            new Op.Create(1, "1", person("1", "Ann")),
            rename(2, "2", "Bo"),
            new Op.Delete(3, "3", "3", person("3", "Cy")),
            new Op.Create(4, "4", person("4", "Di")),
            new Op.Create(5, "5", person("5", "Ed")),
            new Op.Delete(6, "1", "1", person("1", "Ann")));
    OpResult[] refused = new OpResult[ops.size()];

    List<PgBatch> batches = batcher(2).plan(SHAPE, ops, refused);

    assertThat(batches)
        .extracting(PgBatch::action, PgBatch::ops)
        .containsExactly(
            tuple(Action.DELETE, List.of(2)),
            tuple(Action.UPDATE, List.of(1)),
            tuple(Action.CREATE, List.of(0, 3)),
            tuple(Action.CREATE, List.of(4)),
            tuple(Action.DELETE, List.of(5)));
    assertThat(batches.get(1).changed()).containsExactly(1);
    assertThat(batches.get(2).optimistic()).isTrue();
    assertThat(refused).containsOnlyNulls();
  }

  @Test
  void refusesOpsThatCanNeverApply() {
    List<Op> ops =
        List.of(
            new Op.Create(1, " ", person(" ", "Ann")),
            new Op.Update(2, "2", "2", person("2", "Bo"), Map.of("born", TextNode.valueOf("1970"))),
            new Op.Update(3, "3", "3", person("3", "Cy"), Map.of("id", TextNode.valueOf("4"))));
    OpResult[] refused = new OpResult[ops.size()];

    List<PgBatch> batches = batcher(10).plan(SHAPE, ops, refused);

    assertThat(batches).isEmpty();
    assertThat(refused).extracting(OpResult::outcome).containsOnly(Outcome.FAILED);
    assertThat(refused[0].error()).isEqualTo("the key is empty");
    assertThat(refused[1].error()).contains("field 'born' is read-only here");
    assertThat(refused[2].error()).contains("cannot change the key field 'id'");
  }
}
