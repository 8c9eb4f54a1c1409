package com.chittysync.bench;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.SyncEngine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notion ↔ PostgreSQL against the Notion emulator limiting to 3 requests/s, as the issue measures
 * it: importing 1,000 pages (requests/s sustained, failed ops); an incremental sync of a
 * 10,000-page data source with 50 changed pages (query requests, writes); a re-sync with nothing
 * changed (writes); and, for the write path, exporting rows to Notion (requests/s).
 *
 * <p>{@code java -jar shared/bench/target/chittysync-bench.jar notion [pages] [large] [export]}
 */
public final class NotionBench {
  private NotionBench() {}

  public static void run(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int export = args.length > 2 ? Integer.parseInt(args[2]) : 150;
    try (NotionEmulator notion = NotionEmulator.start();
        ScratchDatabase scratch = ScratchDatabase.create(4)) {
      notion.rateLimit(3, 3);
      Path dir = Files.createTempDirectory("chittysync-notion-bench");
      Files.writeString(
          dir.resolve("s.json"),
          "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}");
      Map<String, String> env = new HashMap<>();
      env.put(
          "DATABASE_URL",
          "postgres://"
              + scratch.url().user().orElse("postgres")
              + "@"
              + scratch.url().hosts()
              + "/"
              + scratch.url().database());
      env.put("NOTION_API_TOKEN", notion.token());
      env.put("NOTION_API_BASE_URL", notion.baseUrl());
      env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync.yaml").toString());

      // 1. Import.
      DataSourceHandle small = dataSource(notion, "Small");
      seed(notion, small, pages, "S");
      String importTable = table(scratch, "imported");
      config(dir, small, importTable);
      notion.requestLog().clear();
      long i0 = System.nanoTime();
      SyncEngine.Result imported = sync(env, scratch, true);
      double importSeconds = (System.nanoTime() - i0) / 1e9;
      List<RequestLog.Entry> log = notion.requestLog().entries();
      System.out.printf(
          "import %,d pages into PostgreSQL: %d requests in %.1f s end to end = %.2f requests/s; %d failed ops; 429s: %d%n",
          pages,
          log.size(),
          importSeconds,
          log.size() / importSeconds,
          imported.applied().orElseThrow().failed(),
          log.stream().filter(e -> e.status() == 429).count());
      // The fetch is the part that talks to Notion; the rest is PostgreSQL's apply.
      double fetchSeconds = imported.timingsMillis().getOrDefault("fetch", 0L) / 1000.0;
      System.out.printf(
          "  of which reading Notion: %d requests in %.1f s = %.2f requests/s%n",
          log.size(), fetchSeconds, fetchSeconds == 0 ? 0 : log.size() / fetchSeconds);

      // 2. Incremental sync of a large data source with 50 changed pages.
      DataSourceHandle big = dataSource(notion, "Big");
      Instant now = Instant.now();
      notion.clock().set(now.minus(Duration.ofMinutes(10)));
      List<String> ids = seed(notion, big, large, "B");
      notion.clock().set(now);
      String bigTable = table(scratch, "big");
      config(dir, big, bigTable);
      long t0 = System.nanoTime();
      sync(env, scratch, true);
      System.out.printf(
          "initial full sync of %,d pages: %.1f s%n", large, (System.nanoTime() - t0) / 1e9);
      for (int i = 0; i < 50; i++) {
        ObjectNode props = Json.mapper().createObjectNode();
        props
            .putObject("Name")
            .putArray("title")
            .addObject()
            .putObject("text")
            .put("content", "changed " + i);
        notion.humanEdit(ids.get(i * (large / 50)), props);
      }
      notion.requestLog().clear();
      t0 = System.nanoTime();
      SyncEngine.Result incremental = sync(env, scratch, false);
      System.out.printf(
          "incremental sync, 50 of %,d pages changed: %.1f s; %d query requests, %d Notion writes, %d ops applied%n",
          large,
          (System.nanoTime() - t0) / 1e9,
          notion.requestLog().count("POST", "/v1/data_sources/"),
          notion.requestLog().count("POST", "/v1/pages")
              + notion.requestLog().count("PATCH", "/v1/pages"),
          incremental.applied().orElseThrow().applied());

      // 3. Re-sync with nothing changed.
      notion.requestLog().clear();
      SyncEngine.Result quiet = sync(env, scratch, false);
      System.out.printf(
          "re-sync with nothing changed: %d ops, %d Notion writes%n",
          quiet.plan().opCount(),
          notion.requestLog().count("POST", "/v1/pages")
              + notion.requestLog().count("PATCH", "/v1/pages"));

      // 4. Export rows to Notion (the write path).
      DataSourceHandle out = dataSource(notion, "Export");
      String exportTable = table(scratch, "exported");
      try (var c = scratch.database().connection();
          Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO "
                + exportTable
                + " SELECT 'E' || g, 'Row ' || g, g % 90 FROM generate_series(1, "
                + export
                + ") g");
      }
      config(dir, out, exportTable);
      notion.requestLog().clear();
      long e0 = System.nanoTime();
      SyncEngine.Result exported = sync(env, scratch, true);
      double exportSeconds = (System.nanoTime() - e0) / 1e9;
      log = notion.requestLog().entries();
      System.out.printf(
          "export %d rows to Notion: %d requests in %.1f s end to end = %.2f requests/s; %d failed ops; pages now %d%n",
          export,
          log.size(),
          exportSeconds,
          log.size() / exportSeconds,
          exported.applied().orElseThrow().failed(),
          notion.pages(out.dataSourceId()).size());
    }
  }

  private static DataSourceHandle dataSource(NotionEmulator notion, String title) throws Exception {
    return notion.createDatabase(
        title,
        (ObjectNode)
            Json.mapper()
                .readTree(
                    "{\"Name\":{\"type\":\"title\",\"title\":{}},\"Key\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                        + "\"Age\":{\"type\":\"number\",\"number\":{}}}"));
  }

  private static List<String> seed(
      NotionEmulator notion, DataSourceHandle ds, int n, String prefix) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode props = Json.mapper().createObjectNode();
      props
          .putObject("Name")
          .putArray("title")
          .addObject()
          .putObject("text")
          .put("content", "Person " + i);
      props
          .putObject("Key")
          .putArray("rich_text")
          .addObject()
          .putObject("text")
          .put("content", prefix + i);
      props.putObject("Age").put("number", i % 90);
      ids.add(notion.createPage(ds.dataSourceId(), props));
    }
    return ids;
  }

  private static String table(ScratchDatabase scratch, String name) throws Exception {
    try (var c = scratch.database().connection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + name + " (id text PRIMARY KEY, name text, age integer)");
    }
    return name;
  }

  private static void config(Path dir, DataSourceHandle ds, String table) throws Exception {
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        "registries:\n  people:\n    schema: s.json\n    key: id\n    delete_guard: 1\n    endpoints:\n"
            + "      notion: {type: notion, data_source_id: "
            + ds.dataSourceId()
            + ", fields: {id: Key, name: Name, age: Age}}\n"
            + "      pg: {type: postgres, table: "
            + table
            + ", fields: {id: id, name: name, age: age}}\n");
    // A new registry per step: forget the previous step's state.
    Files.writeString(
        dir.resolve("chittysync.yaml"),
        Files.readString(dir.resolve("chittysync.yaml")).replace("people:", "r_" + table + ":"));
    registry = "r_" + table;
  }

  private static String registry;

  private static SyncEngine.Result sync(
      Map<String, String> env, ScratchDatabase scratch, boolean full) {
    SyncService service = BenchComponent.create(env, scratch.database()).syncService();
    return service.sync(
        service.config(Optional.empty()),
        registry,
        new SyncEngine.Options(false, full, "bench", "bench"),
        s -> {});
  }
}
