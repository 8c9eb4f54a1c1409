package com.chittysync.postgres;

import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.postgres.PgBatch.Action;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an apply call's batches in one transaction: each batch's statement carries its ops'
 * preconditions, the ops it did not touch are probed to tell a re-run ({@code ALREADY_APPLIED})
 * from a change made elsewhere ({@code STALE}), and a batch the database refuses is split until the
 * ops at fault fail alone.
 */
final class PgExecutor {
  private PgExecutor() {}

  /**
   * Every op's outcome: {@code refused} as planned, the others from running {@code batches} in
   * {@code c}'s transaction.
   */
  static OpResult[] write(
      Connection c, TableShape s, List<Op> ops, List<PgBatch> batches, OpResult[] refused)
      throws SQLException {
    OpResult[] out = refused.clone();
    PgTransactions.setLocal(c);
    try (Statement st = c.createStatement()) {
      // Deferred constraints would fail the whole commit; checked per statement, a
      // violation fails only its op.
      st.execute("SET CONSTRAINTS ALL IMMEDIATE");
      // A batch touches a few thousand rows by key: look each up in the key's index.
      // A merge join would read the index from its start up to the batch's highest
      // key, and a hash join the whole table, for every batch.
      st.execute("SET LOCAL enable_mergejoin = off");
      st.execute("SET LOCAL enable_hashjoin = off");
    }
    for (PgBatch batch : batches) {
      run(c, s, ops, batch, out);
    }
    return out;
  }

  /**
   * Runs one batch under a savepoint. When the database refuses it, rolls back to the savepoint and
   * runs each half on its own, down to single ops, which then fail with the database's message.
   */
  private static void run(Connection c, TableShape s, List<Op> ops, PgBatch batch, OpResult[] out)
      throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      execute(c, s, ops, batch, out);
      c.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      if (!PgErrors.isDataError(e)) {
        throw e;
      }
      c.rollback(savepoint);
      c.releaseSavepoint(savepoint);
      List<Integer> indices = batch.ops();
      if (batch.optimistic() && PgErrors.isUniqueViolation(e)) {
        // Some record exists already (a re-run): insert with ON CONFLICT and compare the rest.
        run(c, s, ops, batch.part(0, indices.size()), out);
        return;
      }
      if (indices.size() == 1) {
        Op op = ops.get(indices.get(0));
        out[indices.get(0)] = OpResult.failed(op.opNo(), PgErrors.refusedBecause(e));
        return;
      }
      int half = indices.size() / 2;
      run(c, s, ops, batch.part(0, half), out);
      run(c, s, ops, batch.part(half, indices.size()), out);
    }
  }

  /** Runs one batch's statement and probes the ops it did not apply; sets all their results. */
  private static void execute(
      Connection c, TableShape s, List<Op> ops, PgBatch batch, OpResult[] out) throws SQLException {
    List<Integer> indices = batch.ops();
    Set<Integer> applied = new HashSet<>();
    boolean statement = batch.action() != Action.UPDATE || !batch.changed().isEmpty();
    if (statement) {
      String sql =
          switch (batch.action()) {
            case CREATE -> batch.optimistic() ? s.insertSql() : s.createSql();
            case UPDATE -> s.updateSql(batch.changed());
            case DELETE -> s.deleteSql();
          };
      boolean expected = batch.action() != Action.CREATE;
      List<Integer> target =
          switch (batch.action()) {
            case CREATE -> s.writable();
            case UPDATE -> batch.changed();
            case DELETE -> List.of();
          };
      Map<String, Integer> byKey = null;
      if (batch.action() == Action.CREATE) {
        byKey = new HashMap<>(indices.size() * 2);
        for (int i : indices) {
          byKey.put(ops.get(i).key(), i);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(c, ps, s, ops, indices, expected, target, false);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (byKey == null) {
              applied.add(indices.get(rs.getInt(1) - 1));
            } else {
              // A key that does not map back (not canonical for its type) is probed below.
              Integer i = byKey.get(PgValues.keyText(PgValues.read(rs, 1, s.keyColumn())));
              if (i != null) {
                applied.add(i);
              }
            }
          }
        }
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int i : indices) {
      if (!applied.contains(i)) {
        rest.add(i);
      }
    }
    OpResult[] results = new OpResult[out.length];
    if (!rest.isEmpty()) {
      probe(c, s, ops, batch.action(), rest, results);
    }
    for (int i : indices) {
      Op op = ops.get(i);
      out[i] = applied.contains(i) ? OpResult.applied(op.opNo(), op.key()) : results[i];
    }
  }

  /** Tells, for ops their statement did not apply, a re-run from a change made elsewhere. */
  private static void probe(
      Connection c,
      TableShape s,
      List<Op> ops,
      Action action,
      List<Integer> indices,
      OpResult[] out)
      throws SQLException {
    boolean expected = action != Action.CREATE;
    boolean target = action != Action.DELETE;
    List<Integer> writable = s.writable();
    try (PreparedStatement ps = c.prepareStatement(s.probeSql(expected, target))) {
      bind(c, ps, s, ops, indices, expected, target ? writable : List.of(), true);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int i = indices.get(rs.getInt(1) - 1);
          Op op = ops.get(i);
          boolean present = rs.getBoolean(2);
          int column = 3;
          List<String> differFromExpected = new ArrayList<>();
          List<String> differFromTarget = new ArrayList<>();
          if (expected) {
            for (int j : writable) {
              if (!rs.getBoolean(column++)) {
                differFromExpected.add(s.columns().get(j).field());
              }
            }
          }
          if (target) {
            for (int j : writable) {
              if (!rs.getBoolean(column++)) {
                differFromTarget.add(s.columns().get(j).field());
              }
            }
          }
          out[i] = outcome(op, action, present, differFromExpected, differFromTarget);
        }
      }
    }
  }

  private static OpResult outcome(
      Op op,
      Action action,
      boolean present,
      List<String> differFromExpected,
      List<String> differFromTarget) {
    int no = op.opNo();
    switch (action) {
      case CREATE -> {
        if (!present) {
          return OpResult.stale(no, "not created and not found: another writer is changing it");
        }
        if (differFromTarget.isEmpty()) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(
            no,
            "exists with different content (fields "
                + String.join(", ", differFromTarget)
                + " differ)");
      }
      case UPDATE -> {
        if (!present) {
          return OpResult.stale(no, "no longer exists at the endpoint");
        }
        if (differFromTarget.isEmpty()) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(no, changedSincePlanned(differFromExpected));
      }
      default -> {
        if (!present) {
          return OpResult.alreadyApplied(no, op.key());
        }
        return OpResult.stale(no, changedSincePlanned(differFromExpected));
      }
    }
  }

  private static String changedSincePlanned(List<String> fields) {
    return fields.isEmpty()
        ? "changed at the endpoint while being written"
        : "changed at the endpoint since planned (fields " + String.join(", ", fields) + ")";
  }

  /**
   * Binds a statement's parameters: the number of ops, one {@code text[]} for the keys, then one
   * per expected column (every writable column, when {@code expected}), then one per target column,
   * each holding the ops' values in their text form, NULL for absent ones.
   *
   * <p>Expected values, which are only ever compared, go as the table would hold them ({@link
   * PostgresEndpoint#represent}), and so do target values when {@code compareTargets}: a value the
   * column cannot hold as given (2.345 in a numeric(10,2), nanoseconds in a timestamptz) is then
   * found where the write left it, instead of making the op stale forever. Target values that are
   * written go as given, for the database's own conversion to store.
   */
  private static void bind(
      Connection c,
      PreparedStatement ps,
      TableShape s,
      List<Op> ops,
      List<Integer> indices,
      boolean expected,
      List<Integer> target,
      boolean compareTargets)
      throws SQLException {
    List<PgColumn> columns = s.columns();
    List<Integer> writable = expected ? s.writable() : List.of();
    int n = indices.size();
    String[] keys = new String[n];
    String[][] before = new String[writable.size()][n];
    String[][] after = new String[target.size()][n];
    for (int r = 0; r < n; r++) {
      Op op = ops.get(indices.get(r));
      keys[r] = op.key();
      if (expected) {
        Map<String, JsonNode> fields =
            (op instanceof Op.Update u ? u.expected() : ((Op.Delete) op).expected()).fields();
        for (int w = 0; w < writable.size(); w++) {
          int j = writable.get(w);
          PgColumn column = columns.get(j);
          before[w][r] = PgText.of(PgRepresent.held(s, j, fields.get(column.field())), column);
        }
      }
      for (int t = 0; t < target.size(); t++) {
        int j = target.get(t);
        PgColumn column = columns.get(j);
        JsonNode value = targetValue(op, column.field());
        after[t][r] = PgText.of(compareTargets ? PgRepresent.held(s, j, value) : value, column);
      }
    }
    int p = 1;
    ps.setInt(p++, n);
    ps.setArray(p++, c.createArrayOf("text", keys));
    for (String[] values : before) {
      ps.setArray(p++, c.createArrayOf("text", values));
    }
    for (String[] values : after) {
      ps.setArray(p++, c.createArrayOf("text", values));
    }
  }

  /** The value of {@code field} after a create or update, without building the whole record. */
  private static JsonNode targetValue(Op op, String field) {
    if (op instanceof Op.Create create) {
      return create.target().fields().get(field);
    }
    Op.Update update = (Op.Update) op;
    Map<String, JsonNode> changes = update.changes();
    return changes.containsKey(field) ? changes.get(field) : update.expected().fields().get(field);
  }
}
