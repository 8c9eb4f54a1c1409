package com.chittysync.postgres;

import java.util.List;

/**
 * One statement's worth of ops: their indices in the apply call, all of one action.
 *
 * @param changed for updates, the columns they set
 * @param optimistic for creates, whether to try a plain INSERT first
 */
record PgBatch(Action action, List<Integer> changed, List<Integer> ops, boolean optimistic) {
  enum Action {
    CREATE,
    UPDATE,
    DELETE
  }

  PgBatch(Action action, List<Integer> changed, List<Integer> ops) {
    this(action, changed, ops, action == Action.CREATE);
  }

  PgBatch part(int from, int to) {
    return new PgBatch(action, changed, ops.subList(from, to), false);
  }
}
