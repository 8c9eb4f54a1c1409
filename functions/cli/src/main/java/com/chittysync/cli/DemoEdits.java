package com.chittysync.cli;

import com.chittysync.cli.demo.jdbc.DemoTables;
import com.chittysync.store.Database;
import java.util.ArrayList;
import java.util.List;

/** The edits people make between the demo's two syncs, one or more on every side. */
final class DemoEdits {
  static final String RENAMED = "Renamed in PostgreSQL";
  static final int SHEET_BUDGET = 12_345;
  static final int NOTION_CONFLICT = 1_000;
  static final int SHEET_CONFLICT = 2_000;

  private final DemoWorld world;
  private final Database database;
  private final int records;

  DemoEdits(DemoWorld world, Database database, int records) {
    this.world = world;
    this.database = database;
    this.records = records;
  }

  /** Makes the edits; returns what was done, for the output. */
  List<String> apply() {
    List<String> done = new ArrayList<>();
    world.notion.humanEdit(
        world.projectPage("P-0001"),
        DemoWorld.json("{\"Status\":{\"select\":{\"name\":\"Done\"}}}"));
    done.add("Notion:     P-0001 status → Done");

    world
        .sheets
        .humanEdit(world.spreadsheetId, DemoWorld.SHEET)
        .set("C" + world.sheetRow("P-0002"), SHEET_BUDGET);
    done.add("Sheet:      P-0002 budget → " + SHEET_BUDGET);

    String newId = DemoWorld.projectId(records + 1);
    sql(
        "UPDATE "
            + DemoWorld.SCHEMA
            + ".projects SET name = '"
            + RENAMED
            + "' WHERE project_id = 'P-0003';"
            + "INSERT INTO "
            + DemoWorld.SCHEMA
            + ".projects VALUES ('"
            + newId
            + "', 'Added in PostgreSQL', 4200, '2026-12-01', 'Planned', '[\"data\"]')");
    done.add("PostgreSQL: P-0003 renamed; " + newId + " added");

    world.notion.humanEdit(
        world.projectPage("P-0004"),
        DemoWorld.json("{\"Budget\":{\"number\":" + NOTION_CONFLICT + "}}"));
    world
        .sheets
        .humanEdit(world.spreadsheetId, DemoWorld.SHEET)
        .set("C" + world.sheetRow("P-0004"), SHEET_CONFLICT);
    done.add(
        "Conflict:   P-0004 budget → "
            + NOTION_CONFLICT
            + " in Notion and "
            + SHEET_CONFLICT
            + " in the sheet (policy: manual)");

    world
        .sheets
        .humanEdit(world.spreadsheetId, DemoWorld.SHEET)
        .set("C" + world.sheetRow("P-0006"), -50);
    done.add("Invalid:    P-0006 budget → -50 in the sheet (the schema says minimum 0)");

    world.notion.trash(world.projectPage("P-0005"));
    done.add("Notion:     P-0005 moved to the trash");

    world.sheets.humanEdit(world.spreadsheetId, DemoWorld.SHEET).sortRows(2, 1, true);
    done.add("Sheet:      someone sorts the whole sheet by Name (every row moves)");
    return done;
  }

  private void sql(String statements) {
    new DemoTables(database).execute(statements);
  }
}
