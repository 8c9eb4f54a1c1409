package com.chittysync.cli;

import com.chittysync.connect.Op;
import com.chittysync.core.json.Json;
import com.chittysync.sync.engine.Conflict;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.engine.SyncEngine;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** How a sync run is shown: the documented JSON object, or a table for people. */
final class SyncReport {
  private SyncReport() {}

  /**
   * Writes {@code {"registry", "run_id", "plan_id", "dry_run", "plan": {"<endpoint>": {"create",
   * "update", "delete", "ops": [...]}}, "invalid": [...], "conflicts": [...], "held_deletes":
   * [...], "applied": n, ...}} and a newline to {@code out}.
   *
   * <p>Streamed op by op rather than built as one tree and one string: an initial sync's plan lists
   * every record of the registry, and the report would otherwise need several times the heap the
   * sync itself did.
   */
  static void writeJson(PrintWriter out, String registry, SyncEngine.Result result) {
    try {
      write(out, registry, result);
    } catch (IOException e) {
      // A PrintWriter reports its own failures through checkError; this is the generator's.
      throw new UncheckedIOException(e);
    }
  }

  private static void write(PrintWriter out, String registry, SyncEngine.Result result)
      throws IOException {
    Plan plan = result.plan();
    JsonGenerator g = Json.mapper().getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeStringField("registry", registry);
    g.writeStringField("run_id", result.runId().toString());
    g.writeStringField("plan_id", plan.planId().toString());
    g.writeBooleanField("dry_run", plan.dryRun());
    g.writeObjectFieldStart("plan");
    for (Map.Entry<String, Plan.OpCounts> e : plan.opCounts().entrySet()) {
      g.writeObjectFieldStart(e.getKey());
      g.writeNumberField("create", e.getValue().create());
      g.writeNumberField("update", e.getValue().update());
      g.writeNumberField("delete", e.getValue().delete());
      // A large plan's ops are in the journal, not in memory: they are counted, not listed.
      if (plan.opsHeld()) {
        g.writeArrayFieldStart("ops");
        for (Op op : plan.ops().getOrDefault(e.getKey(), List.of())) {
          g.writeTree(op(op));
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
    for (Map.Entry<String, JsonNode> field : rest(result).properties()) {
      g.writeFieldName(field.getKey());
      g.writeTree(field.getValue());
    }
    g.writeEndObject();
    g.flush();
    out.println();
  }

  private static ObjectNode op(Op op) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("op_no", op.opNo());
    o.put("key", op.key());
    if (op instanceof Op.Create c) {
      o.put("op", "create");
      o.set("fields", c.target().toJson());
    } else if (op instanceof Op.Update u) {
      o.put("op", "update");
      ObjectNode changes = o.putObject("changes");
      u.changes().forEach(changes::set);
    } else {
      o.put("op", "delete");
    }
    return o;
  }

  /** Everything after the plan's ops, in the report's order. */
  private static ObjectNode rest(SyncEngine.Result result) {
    Plan plan = result.plan();
    ObjectNode json = Json.mapper().createObjectNode();
    ArrayNode invalid = json.putArray("invalid");
    for (Plan.Invalid i : plan.invalid()) {
      ObjectNode node = invalid.addObject();
      node.put("endpoint", i.endpoint());
      node.put("key", i.key());
      ArrayNode errors = node.putArray("errors");
      i.errors()
          .forEach(err -> errors.addObject().put("path", err.path()).put("message", err.message()));
    }
    ArrayNode conflicts = json.putArray("conflicts");
    for (Conflict c : plan.conflicts()) {
      ObjectNode node = conflicts.addObject();
      node.put("key", c.key());
      node.put("field", c.field());
      node.set("base", c.base());
      ObjectNode candidates = node.putObject("candidates");
      c.candidates().forEach(candidates::set);
      node.put("winner", c.winner());
      node.put("rule", c.rule());
      node.put("held", c.held());
    }
    ArrayNode held = json.putArray("held_deletes");
    for (Resolution r : plan.heldDeletes()) {
      ObjectNode node = held.addObject();
      node.put("key", r.key());
      ArrayNode from = node.putArray("endpoints");
      r.deleteFrom().forEach(from::add);
    }
    json.put("applied", result.applied().map(a -> a.applied()).orElse(0));
    json.put("converged", result.converged());
    ArrayNode reasons = json.putArray("reasons");
    result.reasons().forEach(reasons::add);
    ObjectNode timings = json.putObject("timings_ms");
    result.timingsMillis().forEach(timings::put);
    result
        .applied()
        .ifPresent(
            a -> {
              json.put("stale", a.stale());
              json.put("failed", a.failed());
              ArrayNode errors = json.putArray("errors");
              a.errors().forEach(errors::add);
            });
    return json;
  }

  /** A per-endpoint table of creates, updates and deletes, then what needs people. */
  static void human(PrintWriter out, String registry, SyncEngine.Result result) {
    Plan plan = result.plan();
    out.printf(
        "registry %s  run %s  plan %s%s%n",
        registry,
        result.runId(),
        plan.planId(),
        plan.dryRun() ? "  (dry run: nothing changed)" : "");
    out.printf("  %-24s %8s %8s %8s%n", "endpoint", "create", "update", "delete");
    for (Map.Entry<String, Plan.OpCounts> e : plan.opCounts().entrySet()) {
      out.printf(
          "  %-24s %8d %8d %8d%n",
          e.getKey(), e.getValue().create(), e.getValue().update(), e.getValue().delete());
    }
    result
        .applied()
        .ifPresent(
            a -> {
              out.printf("  applied %d op(s)", a.applied());
              if (a.stale() > 0) {
                out.printf(", %d stale (changed during the sync; run again)", a.stale());
              }
              if (a.failed() > 0) {
                out.printf(", %d failed", a.failed());
              }
              out.println();
              a.errors().stream().limit(20).forEach(line -> out.println("    " + line));
            });
    for (Plan.Invalid i : plan.invalid()) {
      out.printf("  quarantined %s at %s:%n", i.key() == null ? "(no key)" : i.key(), i.endpoint());
      i.errors().forEach(err -> out.printf("    %s: %s%n", err.path(), err.message()));
    }
    plan.conflicts().stream()
        .filter(Conflict::held)
        .forEach(
            c ->
                out.printf(
                    "  conflict held: %s.%s %s (resolve with 'chittysync conflicts list')%n",
                    c.key(), c.field(), c.candidates()));
    long settled = plan.conflicts().stream().filter(c -> !c.held()).count();
    if (settled > 0) {
      out.printf("  %d conflict(s) settled by the registry's strategy%n", settled);
    }
    // A conflict last-write-wins could not date is settled by the fallback: say which and why.
    plan.conflicts().stream()
        .filter(c -> !c.held() && c.rule() != null && c.rule().contains("undecided"))
        .limit(20)
        .forEach(
            c ->
                out.printf(
                    "  conflict %s.%s: %s took %s%n", c.key(), c.field(), c.winner(), c.rule()));
    plan.heldDeletes()
        .forEach(
            r ->
                out.printf(
                    "  delete held: %s (deleted at %s; see 'chittysync deletes list')%n",
                    r.key(), String.join(", ", r.deleteFrom())));
    out.println(
        result.converged()
            ? "  converged"
            : plan.dryRun()
                ? "  planned"
                : "  not converged: " + String.join("; ", result.reasons()));
  }
}
