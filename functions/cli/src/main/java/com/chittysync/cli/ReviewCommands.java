package com.chittysync.cli;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What runs hand to people: {@code conflicts}, {@code deletes} and {@code runs}. */
final class ReviewCommands {
  private ReviewCommands() {}

  /** Formats one row of a listing. */
  @FunctionalInterface
  interface RowFormat {
    String format(ResultSet rs) throws java.sql.SQLException;
  }

  /**
   * Prints each row of {@code sql} (whose two parameters are the optional registry filter) with
   * {@code format}; returns how many.
   */
  static int printRows(
      CliContext ctx, PrintWriter out, String sql, String registry, RowFormat format) {
    return ctx.database()
        .withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, registry);
                ps.setString(2, registry);
                int count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    count++;
                    out.println(format.format(rs));
                  }
                }
                return count;
              }
            });
  }

  @Command
  abstract static class Group implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
  }

  @Command(
      name = "conflicts",
      mixinStandardHelpOptions = true,
      description = "Field conflicts held for a person (manual strategy).",
      subcommands = {ConflictsList.class, ConflictsResolve.class})
  static final class Conflicts extends Group {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List open conflicts.")
  static final class ConflictsList implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--registry", paramLabel = "NAME")
    String registry;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        PrintWriter out = spec.commandLine().getOut();
        int n =
            printRows(
                ctx,
                out,
                "SELECT id, registry, record_key, field, base_value::text, candidates::text FROM chittysync.conflicts"
                    + " WHERE status = 'open' AND (?::text IS NULL OR registry = ?) ORDER BY id",
                registry,
                rs ->
                    String.format(
                        "#%d %s %s.%s base=%s candidates=%s",
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
        out.println(n + " open conflict(s)");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "resolve",
      mixinStandardHelpOptions = true,
      description = "Decide an open conflict; the next sync applies the decision everywhere.")
  static final class ConflictsResolve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    long id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
      @Option(
          names = "--value",
          paramLabel = "JSON",
          description = "The value to keep, as JSON (e.g. '\"Ann\"').")
      String value;

      @Option(
          names = "--endpoint",
          paramLabel = "NAME",
          description = "Keep this endpoint's value.")
      String endpoint;
    }

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        Database db = ctx.database();
        String updated =
            db.inTransaction(
                c -> {
                  JsonNode candidates;
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT candidates::text FROM chittysync.conflicts WHERE id = ? AND status = 'open' FOR UPDATE")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                      if (!rs.next()) {
                        throw new ChittySyncException(
                            ErrorCode.MALFORMED_INPUT, "there is no open conflict #" + id);
                      }
                      candidates = Json.mapper().readTree(rs.getString(1));
                    } catch (java.io.IOException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                  JsonNode value;
                  if (choice.endpoint != null) {
                    value = candidates.get(choice.endpoint);
                    if (value == null) {
                      throw new ChittySyncException(
                          ErrorCode.MALFORMED_INPUT,
                          "conflict #"
                              + id
                              + " has no value from endpoint '"
                              + choice.endpoint
                              + "'; candidates: "
                              + candidates);
                    }
                  } else {
                    try {
                      value = Json.mapper().readTree(choice.value);
                    } catch (java.io.IOException e) {
                      throw new ChittySyncException(
                          ErrorCode.MALFORMED_INPUT,
                          "--value is not JSON (quote strings: '\"Ann\"')");
                    }
                    // A NUL fails as a database error and a lone surrogate is stored as '?'.
                    var unstorable =
                        com.chittysync.sync.schema.StorableText.check(
                            new com.chittysync.sync.Record(
                                "conflict", java.util.Map.of("value", value)));
                    if (!unstorable.isEmpty()) {
                      throw new ChittySyncException(
                          ErrorCode.MALFORMED_INPUT,
                          "--value at "
                              + unstorable.get(0).path()
                              + ": "
                              + unstorable.get(0).message());
                    }
                  }
                  ObjectNode resolution = Json.mapper().createObjectNode();
                  resolution.set("value", value);
                  resolution.put("by", AuditCommand.operator());
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE chittysync.conflicts SET status = 'resolved', resolution = ?::jsonb, resolved_at = now() WHERE id = ?")) {
                    ps.setString(1, resolution.toString());
                    ps.setLong(2, id);
                    ps.executeUpdate();
                  }
                  return value.toString();
                });
        spec.commandLine()
            .getOut()
            .println("conflict #" + id + " resolved to " + updated + "; the next sync applies it");
      }
      return 0;
    }
  }

  @Command(
      name = "deletes",
      mixinStandardHelpOptions = true,
      description = "Deletes held for approval.",
      subcommands = {DeletesList.class, DeletesApprove.class, DeletesReject.class})
  static final class Deletes extends Group {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List held deletes.")
  static final class DeletesList implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--registry", paramLabel = "NAME")
    String registry;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        PrintWriter out = spec.commandLine().getOut();
        int n =
            printRows(
                ctx,
                out,
                "SELECT id, registry, record_key, source_endpoint, reason, created_at FROM chittysync.held_deletes"
                    + " WHERE status = 'held' AND (?::text IS NULL OR registry = ?) ORDER BY id",
                registry,
                rs ->
                    String.format(
                        "#%d %s %s deleted at %s (%s) since %s",
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
        out.println(n + " held delete(s)");
        out.flush();
      }
      return 0;
    }
  }

  @Command
  abstract static class DeleteDecision implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID")
    long id;

    abstract String status();

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        int n =
            ctx.database()
                .inTransaction(
                    c -> {
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "UPDATE chittysync.held_deletes SET status = ?, decided_at = now(), decided_by = ? WHERE id = ? AND status = 'held'")) {
                        ps.setString(1, status());
                        ps.setString(2, AuditCommand.operator());
                        ps.setLong(3, id);
                        return ps.executeUpdate();
                      }
                    });
        if (n == 0) {
          throw new ChittySyncException(
              ErrorCode.MALFORMED_INPUT, "there is no held delete #" + id);
        }
        spec.commandLine()
            .getOut()
            .println("delete #" + id + " " + status() + "; the next sync applies it");
      }
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a held delete: the next sync deletes the record everywhere.")
  static final class DeletesApprove extends DeleteDecision {
    @Override
    String status() {
      return "approved";
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a held delete: the next sync restores the record where it was deleted.")
  static final class DeletesReject extends DeleteDecision {
    @Override
    String status() {
      return "rejected";
    }
  }

  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      description = "Sync run history.",
      subcommands = {RunsList.class})
  static final class Runs extends Group {}

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List recent runs with counts and durations.")
  static final class RunsList implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--registry", paramLabel = "NAME")
    String registry;

    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        PrintWriter out = spec.commandLine().getOut();
        ctx.database()
            .withConnection(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT run_id, registry, kind, trigger, status, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),"
                              + " round(extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000), counts::text, coalesce(error, '')"
                              + " FROM chittysync.runs WHERE (?::text IS NULL OR registry = ?) ORDER BY started_at DESC LIMIT ?")) {
                    ps.setString(1, registry);
                    ps.setString(2, registry);
                    ps.setInt(3, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                      out.printf(
                          "%-36s %-12s %-8s %-6s %-10s %-19s %8s  %s%n",
                          "run",
                          "registry",
                          "kind",
                          "by",
                          "status",
                          "started (UTC)",
                          "ms",
                          "counts");
                      while (rs.next()) {
                        out.printf(
                            "%-36s %-12s %-8s %-6s %-10s %-19s %8d  %s %s%n",
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getLong(7),
                            rs.getString(8),
                            rs.getString(9));
                      }
                    }
                  }
                  return null;
                });
        out.flush();
      }
      return 0;
    }
  }
}
