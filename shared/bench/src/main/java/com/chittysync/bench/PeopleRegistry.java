package com.chittysync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL → PostgreSQL registry the sync benchmarks measure: a source table of people, an
 * empty target whose columns are named otherwise, a table shaped like the target for the {@code
 * COPY} reference, and the config and schema that sync them.
 */
final class PeopleRegistry {
  private PeopleRegistry() {}

  /** Creates {@code src} with {@code n} rows, an empty {@code dst}, and {@code copy_dst}. */
  static void createTables(Statement st, int n) throws SQLException {
    st.execute(
        "CREATE TABLE src (id text PRIMARY KEY, name text, email text, age integer, score numeric(10,2), active boolean,"
            + " born date, seen timestamptz, city text, note text)");
    st.execute(
        "CREATE TABLE dst (key text PRIMARY KEY, full_name text, mail text, years integer, points numeric(10,2), on_ boolean,"
            + " birthday date, last_seen timestamptz, town text, remark text)");
    st.execute("CREATE TABLE copy_dst (LIKE dst INCLUDING ALL)");
    st.execute(
        "INSERT INTO src SELECT 'P' || g, 'Person ' || g, 'p' || g || '@example.org', 20 + g % 60, (g % 1000) / 10.0,"
            + " g % 2 = 0, date '1960-01-01' + (g % 15000), timestamptz '2026-01-01 00:00:00Z' + g * interval '1 minute',"
            + " 'City ' || (g % 300), 'note ' || md5(g::text) FROM generate_series(1, "
            + n
            + ") g");
  }

  /** A new directory under the system's temporary one holding the schema and the config. */
  static Path writeConfig(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Files.writeString(
        dir.resolve("person.schema.json"),
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"required\":[\"id\"],"
            + "\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"
            + "\"age\":{\"type\":\"integer\"},\"score\":{\"type\":\"number\"},\"active\":{\"type\":\"boolean\"},"
            + "\"born\":{\"type\":\"string\"},\"seen\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"},\"note\":{\"type\":\"string\"}}}");
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
            "        fields: {id: id, name: name, email: email, age: age, score: score, active: active, born: born, seen: seen, city: city, note: note}",
            "      target:",
            "        type: postgres",
            "        table: dst",
            "        fields: {id: key, name: full_name, email: mail, age: years, score: points, active: on_, born: birthday, seen: last_seen, city: town, note: remark}",
            ""));
    return dir;
  }

  /** The CLI's {@code DATABASE_URL} of {@code scratch}. */
  static String databaseUrl(ScratchDatabase scratch) {
    return "postgres://"
        + scratch.url().user().orElse("postgres")
        + "@"
        + scratch.url().hosts()
        + "/"
        + scratch.url().database();
  }
}
