package com.chittysync.sync.schema;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How fast {@link RecordValidator} checks small records. Not a test: run it with {@code java -cp
 * ... com.chittysync.sync.schema.RecordValidatorThroughput [records]}; {@link
 * RecordValidatorThroughputTest} runs it once as a smoke check.
 */
public final class RecordValidatorThroughput {
  private RecordValidatorThroughput() {}

  /** Validates {@code count} records (every tenth one invalid); returns records per second. */
  public static double measure(int count) {
    RecordValidator validator =
        RecordValidator.compile(RecordValidatorTest.SCHEMA, "bench.json", "person_id", "bench");
    List<CanonicalRecord> records = new ArrayList<>(count);
    JsonNodeFactory json = JsonNodeFactory.instance;
    for (int i = 0; i < count; i++) {
      Map<String, JsonNode> fields =
          Map.of(
              "person_id", json.textNode("p-" + i),
              "full_name", json.textNode("Person " + i),
              "email", json.textNode("person" + i + "@example.com"),
              "age", i % 10 == 0 ? json.textNode("old") : json.numberNode(i % 90),
              "status", json.textNode(i % 2 == 0 ? "active" : "inactive"));
      records.add(new CanonicalRecord("p-" + i, fields));
    }
    long errors = 0;
    for (int i = 0; i < Math.min(count, 20_000); i++) { // warm up
      errors += validator.validate(records.get(i)).size();
    }
    long start = System.nanoTime();
    for (CanonicalRecord record : records) {
      List<FieldError> found = validator.validate(record);
      errors += found.size();
    }
    long nanos = System.nanoTime() - start;
    if (errors == 0) {
      throw new IllegalStateException("expected some invalid records");
    }
    return count / (nanos / 1e9);
  }

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    double perSecond = measure(count);
    System.out.printf(
        "validated %,d records: %,.0f records/s (%.3f s)%n", count, perSecond, count / perSecond);
  }
}
