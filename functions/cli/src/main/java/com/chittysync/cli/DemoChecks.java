package com.chittysync.cli;

import com.chittysync.cli.demo.jdbc.DemoTables;
import com.chittysync.sync.state.ReviewQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads every side after each sync and says whether it holds what it should. */
final class DemoChecks {
  private final DemoWorld world;
  private final DemoTables tables;
  private final ReviewQueue review;
  private final List<String> failures;

  DemoChecks(DemoWorld world, DemoTables tables, ReviewQueue review, List<String> failures) {
    this.world = world;
    this.tables = tables;
    this.review = review;
    this.failures = failures;
  }

  /** After the first sync every record is in every place. */
  void everywhere(int records) {
    expect("teams in PostgreSQL", DemoWorld.TEAM_ROWS.size(), pgCount("teams"));
    expect("projects in Notion", records, world.livePages(world.projects));
    expect("projects in PostgreSQL", records, pgCount("projects"));
    expect("projects in the sheet", records, world.sheetRows());
    // P-0001 started in PostgreSQL with its team's key; in Notion that is a relation to the
    // team's page.
    ObjectNode p1 = notion("P-0001");
    if (p1 == null || p1.at("/properties/Team/relation").size() != 1) {
      failures.add("P-0001's team did not become a relation to a team page in Notion");
    }
  }

  /** After the edits: each change reached the other sides, the conflict and the invalid wait. */
  void afterEdits(int records, Consumer<String> say) {
    String added = DemoWorld.projectId(records + 1);
    row(
        say,
        "P-0001 status (Notion → PostgreSQL, sheet)",
        "Done",
        pg("P-0001", "status"),
        sheet("P-0001", 4));
    row(
        say,
        "P-0002 budget (sheet → PostgreSQL, Notion)",
        String.valueOf(DemoEdits.SHEET_BUDGET),
        pg("P-0002", "budget"),
        number(notion("P-0002"), "/properties/Budget/number"));
    row(
        say,
        "P-0003 name (PostgreSQL → Notion, sheet)",
        DemoEdits.RENAMED,
        text(notion("P-0003"), "/properties/Name/title/0/plain_text"),
        sheet("P-0003", 1));
    row(
        say,
        added + " created (PostgreSQL → Notion, sheet)",
        added,
        text(notion(added), "/properties/Project ID/rich_text/0/plain_text"),
        sheet(added, 0));
    row(
        say,
        "P-0005 deleted (Notion → PostgreSQL, sheet)",
        "gone",
        gone(pg("P-0005", "project_id")),
        gone(sheet("P-0005", 0)));
    long conflicts =
        review.openConflicts(Optional.of(DemoWorld.PROJECTS)).stream()
            .filter(c -> c.recordKey().equals("P-0004") && c.field().equals("budget"))
            .count();
    row(say, "P-0004 budget conflict waits for a person", "1 open", conflicts + " open");
    int invalid = review.validationReportCount(DemoWorld.PROJECTS, "P-0006");
    boolean unchanged = !"-50".equals(pg("P-0006", "budget"));
    row(
        say,
        "P-0006 invalid budget quarantined, not copied",
        "reported, kept",
        (invalid > 0 ? "reported" : "not reported") + ", " + (unchanged ? "kept" : "copied"));
    say.accept(
        String.format(
            "  counts: Notion %d, PostgreSQL %d, sheet %d projects",
            world.livePages(world.projects), pgCount("projects"), world.sheetRows()));
    expect("projects in PostgreSQL after the edits", records, pgCount("projects"));
    expect("projects in the sheet after the edits", records, world.sheetRows());
    expect("projects in Notion after the edits", records, world.livePages(world.projects));
  }

  private void row(Consumer<String> say, String what, String expected, String... actual) {
    boolean ok = true;
    for (String a : actual) {
      ok &= Objects.equals(expected, a);
    }
    say.accept(String.format("  %s %-48s %s", ok ? "✓" : "✗", what, String.join(" | ", actual)));
    if (!ok) {
      failures.add(what + ": expected " + expected + ", got " + String.join(" | ", actual));
    }
  }

  private void expect(String what, long expected, long actual) {
    if (expected != actual) {
      failures.add(what + ": expected " + expected + ", got " + actual);
    }
  }

  private static String gone(String value) {
    return value == null || value.isEmpty() ? "gone" : "still there";
  }

  private long pgCount(String table) {
    return tables.count(DemoWorld.SCHEMA + "." + table);
  }

  private String pg(String id, String column) {
    return tables.text(DemoWorld.SCHEMA + ".projects", column, "project_id", id);
  }

  private String sheet(String id, int column) {
    for (List<Object> row :
        world.sheets.values(world.spreadsheetId, "'" + DemoWorld.SHEET + "'!A2:E")) {
      if (!row.isEmpty() && id.equals(String.valueOf(row.get(0)))) {
        Object value = column < row.size() ? row.get(column) : null;
        if (value instanceof Number n) {
          return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return value == null ? "" : value.toString();
      }
    }
    return null;
  }

  private ObjectNode notion(String id) {
    for (ObjectNode p : world.notion.pages(world.projects.dataSourceId())) {
      if (!p.path("in_trash").asBoolean()
          && p.at("/properties/Project ID/rich_text/0/plain_text").asText().equals(id)) {
        return p;
      }
    }
    return null;
  }

  private static String text(JsonNode page, String pointer) {
    return page == null ? null : page.at(pointer).asText();
  }

  private static String number(JsonNode page, String pointer) {
    if (page == null || !page.at(pointer).isNumber()) {
      return null;
    }
    return page.at(pointer).decimalValue().stripTrailingZeros().toPlainString();
  }
}
