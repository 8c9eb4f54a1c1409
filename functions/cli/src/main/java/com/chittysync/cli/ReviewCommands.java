package com.chittysync.cli;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.schema.StorableText;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunLog;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

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
        List<ReviewQueue.OpenConflict> open =
            ctx.reviewQueue().openConflicts(Optional.ofNullable(registry));
        for (ReviewQueue.OpenConflict c : open) {
          out.println(
              String.format(
                  "#%d %s %s.%s base=%s candidates=%s",
                  c.id(), c.registry(), c.recordKey(), c.field(), c.baseValue(), c.candidates()));
        }
        int n = open.size();
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
        String updated =
            ctx.reviewQueue().resolveConflict(id, this::choose, AuditCommand.operator()).toString();
        spec.commandLine()
            .getOut()
            .println("conflict #" + id + " resolved to " + updated + "; the next sync applies it");
      }
      return 0;
    }

    /** The value {@link #choice} picks from {@code candidates}, refusing one it cannot keep. */
    private JsonNode choose(JsonNode candidates) {
      if (choice.endpoint != null) {
        JsonNode value = candidates.get(choice.endpoint);
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
        return value;
      }
      JsonNode value;
      try {
        value = Json.mapper().readTree(choice.value);
      } catch (IOException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "--value is not JSON (quote strings: '\"Ann\"')");
      }
      // A NUL fails as a database error and a lone surrogate is stored as '?'.
      var unstorable = StorableText.check(new CanonicalRecord("conflict", Map.of("value", value)));
      if (!unstorable.isEmpty()) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "--value at " + unstorable.get(0).path() + ": " + unstorable.get(0).message());
      }
      return value;
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
        List<ReviewQueue.HeldDelete> held =
            ctx.reviewQueue().heldDeletes(Optional.ofNullable(registry));
        for (ReviewQueue.HeldDelete d : held) {
          out.println(
              String.format(
                  "#%d %s %s deleted at %s (%s) since %s",
                  d.id(),
                  d.registry(),
                  d.recordKey(),
                  d.sourceEndpoint(),
                  d.reason(),
                  d.createdAt()));
        }
        int n = held.size();
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

    abstract com.chittysync.sync.state.DeleteDecision decision();

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        if (!ctx.reviewQueue().decideDelete(id, decision(), AuditCommand.operator())) {
          throw new ChittySyncException(
              ErrorCode.MALFORMED_INPUT, "there is no held delete #" + id);
        }
        spec.commandLine()
            .getOut()
            .println("delete #" + id + " " + decision().wire() + "; the next sync applies it");
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
    com.chittysync.sync.state.DeleteDecision decision() {
      return com.chittysync.sync.state.DeleteDecision.APPROVED;
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a held delete: the next sync restores the record where it was deleted.")
  static final class DeletesReject extends DeleteDecision {
    @Override
    com.chittysync.sync.state.DeleteDecision decision() {
      return com.chittysync.sync.state.DeleteDecision.REJECTED;
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
        List<RunLog.RunSummary> runs =
            ctx.runLog().recentRuns(Optional.ofNullable(registry), limit);
        out.printf(
            "%-36s %-12s %-8s %-6s %-10s %-19s %8s  %s%n",
            "run", "registry", "kind", "by", "status", "started (UTC)", "ms", "counts");
        for (RunLog.RunSummary run : runs) {
          out.printf(
              "%-36s %-12s %-8s %-6s %-10s %-19s %8d  %s %s%n",
              run.runId(),
              run.registry(),
              run.kind().wire(),
              run.trigger(),
              run.status().wire(),
              STARTED.format(run.startedAt()),
              run.duration().toMillis(),
              run.counts(),
              run.error().orElse(""));
        }
        out.flush();
      }
      return 0;
    }
  }
}
