package com.chittysync.cli;

import com.chittysync.cli.ConvergenceScenario.Rec;
import java.util.List;
import java.util.Map;

/**
 * One thing that happens in a convergence run: a person's edit at one endpoint (made through the
 * emulator's or the database's own interface, never through ChittySync), a person's decision
 * through the CLI, time passing, or a sync. Every step names its record by key, so a run can be
 * replayed with steps removed: a step whose record is not there any more does nothing.
 */
sealed interface ConvergenceStep {

  /** A person adds a record at one endpoint. */
  record Create(String place, String key, Rec rec) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": create " + key + " " + rec;
    }
  }

  /** A person types a value into one field. */
  record Set(String place, String key, String field, Object value) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": " + key + "." + field + " = " + ConvergenceScenario.show(value);
    }
  }

  /** A person edits the column the registry does not map. */
  record SetExtra(String place, String key, String text) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": " + key + " unmapped column = " + ConvergenceScenario.show(text);
    }
  }

  /** A person deletes a record (Notion: moves its page to the trash; a sheet: deletes the row). */
  record Delete(String place, String key) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": delete " + key;
    }
  }

  /** A person sorts the sheet's data rows by one column. */
  record Sort(String place, int column, boolean ascending) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": sort rows by column " + column + (ascending ? " ascending" : " descending");
    }
  }

  /** A person deletes several records of one PostgreSQL table at once (the delete guard's case). */
  record MassDelete(String place, List<String> keys) implements ConvergenceStep {
    @Override
    public String toString() {
      return place + ": delete " + keys + " at once";
    }
  }

  /**
   * {@code conflicts resolve ID --endpoint E} (when {@code endpoint} is set) or {@code --value V}.
   */
  record Resolve(String key, String field, String endpoint, Object value)
      implements ConvergenceStep {
    @Override
    public String toString() {
      return "cli: conflicts resolve "
          + key
          + "."
          + field
          + (endpoint != null
              ? " --endpoint " + endpoint
              : " --value " + ConvergenceScenario.json(value));
    }
  }

  /** {@code deletes approve ID} or {@code deletes reject ID}. */
  record Decide(String key, boolean approve) implements ConvergenceStep {
    @Override
    public String toString() {
      return "cli: deletes " + (approve ? "approve " : "reject ") + key;
    }
  }

  /**
   * Time passes between syncs: the world's clock (Notion's, and the engine's) moves on. After an
   * hour the engine reads Notion in full again.
   */
  record Wait(long seconds) implements ConvergenceStep {
    @Override
    public String toString() {
      return seconds >= 3600
          ? "an hour passes (the next read of Notion is a full scan)"
          : seconds + " s pass";
    }
  }

  /** How a sync runs. */
  enum Mode {
    /** {@code chittysync sync}: what the schedule runs, incremental where an endpoint can be. */
    INCREMENTAL("sync"),
    /** {@code chittysync sync --full}. */
    FULL("sync --full"),
    /** The deployed pipeline: the schedule's tick, then the diff and apply functions' services. */
    PIPELINE("schedule → diff → apply");

    final String shown;

    Mode(String shown) {
      this.shown = shown;
    }
  }

  /**
   * Where an interrupted apply stops. The apply is stopped in this process by a failure it cannot
   * handle at that point (the way a killed process stops): what it wrote stays written, what it had
   * not recorded in its journal is not recorded.
   */
  enum Crash {
    /** After an endpoint wrote its batch, before the journal recorded it. */
    JOURNAL,
    /** After every endpoint and the journal, before the plan settles the canonical state. */
    FINISH,
    /** In the middle of a PostgreSQL endpoint's batch (its transaction rolls back). */
    POSTGRES_ROW,
    /** At one Notion page's update (the ops before it are written). */
    NOTION_UPDATE,
    /** At the first Notion page the apply creates. */
    NOTION_CREATE,
    /** At the sheet's confirming read, before any sheet write. */
    SHEET_READ,
    /** After a sheet write whose answer was lost, at the read that would find out. */
    SHEET_LOST_WRITE
  }

  /**
   * A sync. With {@code crash}, the apply is stopped at that point ({@code at} picks which journal
   * batch, row or page) and the sync is run again at once, as a person re-runs it.
   */
  record Sync(Mode mode, Crash crash, int at) implements ConvergenceStep {
    @Override
    public String toString() {
      return mode.shown
          + (crash == null ? "" : " stopped at " + crash + " #" + at + ", then run again");
    }
  }

  /** The record a step names, or null for a step about no one record. */
  default String key() {
    if (this instanceof Create c) {
      return c.key();
    }
    if (this instanceof Set s) {
      return s.key();
    }
    if (this instanceof SetExtra s) {
      return s.key();
    }
    if (this instanceof Delete d) {
      return d.key();
    }
    if (this instanceof Resolve r) {
      return r.key();
    }
    if (this instanceof Decide d) {
      return d.key();
    }
    return null;
  }

  /** The steps, numbered, one a line. */
  static String describe(List<ConvergenceStep> steps) {
    StringBuilder out = new StringBuilder();
    int i = 1;
    for (ConvergenceStep s : steps) {
      out.append(String.format("  %3d. %s%n", i++, s));
    }
    return out.toString();
  }

  /** A sync with no crash. */
  static Sync sync(Mode mode) {
    return new Sync(mode, null, 0);
  }

  /** The values of a record, for a create. */
  static Rec rec(Map<String, Object> values, String extra) {
    return new Rec(values, extra);
  }
}
