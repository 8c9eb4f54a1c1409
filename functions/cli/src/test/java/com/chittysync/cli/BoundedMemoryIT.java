package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built CLI syncs a PostgreSQL registry larger than its heap could hold whole, in a process of
 * its own with a deliberately small heap: the engine holds of each record its hash and a window of
 * records, reads the plan's ops back a chunk at a time, and never the whole registry. Loaded whole,
 * as the engine did before, these 60,000 records took about 100 MB live for the initial sync and
 * 150 MB for the re-sync (1.6 and 2.5 KB a record, measured with class histograms at 100,000 rows):
 * such a process runs out of memory at 100 MB.
 */
class BoundedMemoryIT {
  private static final Path JAR = Path.of("target/chittysync.jar").toAbsolutePath();
  private static final int ROWS = 60_000;
  private static final String HEAP = "-Xmx100m";

  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    assertThat(JAR).exists();
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void aRegistryLargerThanTheHeapHoldsSyncsAndResyncsWithinIt(@TempDir Path dir) throws Exception {
    sql(
        "CREATE TABLE src (id text PRIMARY KEY, name text, email text, age integer, score numeric(10,2),"
            + " active boolean, born date, city text, note text)",
        "CREATE TABLE dst (key text PRIMARY KEY, full_name text, mail text, years integer,"
            + " points numeric(10,2), on_ boolean, birthday date, town text, remark text)",
        "INSERT INTO src SELECT 'P' || g, 'Person ' || g, 'p' || g || '@example.org', 20 + g % 60,"
            + " (g % 1000) / 10.0, g % 2 = 0, date '1960-01-01' + (g % 15000), 'City ' || (g % 300),"
            + " 'note ' || md5(g::text) FROM generate_series(1, "
            + ROWS
            + ") g");
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
            + "\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"},"
            + "\"email\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}");
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        String.join(
            "\n",
            "registries:",
            "  people:",
            "    schema: person.schema.json",
            "    key: id",
            "    endpoints:",
            "      source:",
            "        type: postgres",
            "        table: src",
            "        fields: {id: id, name: name, email: email, age: age, score: score,"
                + " active: active, born: born, city: city, note: note}",
            "      target:",
            "        type: postgres",
            "        table: dst",
            "        fields: {id: key, name: full_name, email: mail, age: years, score: points,"
                + " active: on_, born: birthday, city: town, note: remark}",
            ""));
    assertThat(cli(dir, "-Xmx256m", "migrate").exit()).isZero();

    Run initial = cli(dir, HEAP, "sync", "--registry", "people", "--json");
    assertThat(initial.exit()).as(initial.err()).isZero();
    JsonNode first = Json.mapper().readTree(initial.out());
    assertThat(first.at("/plan/target/create").asInt()).isEqualTo(ROWS);
    assertThat(first.get("converged").asBoolean()).isTrue();
    assertThat(differing()).isZero();

    int edited =
        sql("UPDATE src SET note = 'edited ' || id WHERE substring(id from 2)::int % 100 = 7");
    Run resync = cli(dir, HEAP, "sync", "--registry", "people", "--json");
    assertThat(resync.exit()).as(resync.err()).isZero();
    JsonNode second = Json.mapper().readTree(resync.out());
    assertThat(second.at("/plan/target/update").asInt()).isEqualTo(edited);
    assertThat(second.get("converged").asBoolean()).isTrue();
    assertThat(differing()).as("rows of src that dst does not hold exactly").isZero();
  }

  private record Run(int exit, String out, String err) {}

  private Run cli(Path dir, String heap, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    pb.environment().putAll(db.env());
    Path err = dir.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  private int sql(String... statements) throws Exception {
    int updated = 0;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
        updated = Math.max(updated, st.getUpdateCount());
      }
    }
    return updated;
  }

  private long differing() throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT (SELECT count(*) FROM (SELECT id, name, email, age, score, active, born, city,"
                    + " note FROM src EXCEPT SELECT key, full_name, mail, years, points, on_,"
                    + " birthday, town, remark FROM dst) x) + abs((SELECT count(*) FROM src)"
                    + " - (SELECT count(*) FROM dst))")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
