package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.testkit.TestDatabase;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's behaviour on a direct connection to PostgreSQL. */
class DirectStoreTest extends StoreBehaviour {
  @Override
  Map<String, String> env(TestDatabase db) {
    return db.env();
  }

  // Only direct: through a transaction-mode pooler each auto-commit statement may run on another
  // server connection, so ending one backend leaves the client's connection working.
  @Test
  void backendTerminatedDuringAutoCommitWorkIsDatabaseUnavailable() {
    assertThatThrownBy(
            () ->
                database.withConnection(
                    c -> {
                      terminate(backendPid(c));
                      try (Statement st = c.createStatement()) {
                        return st.execute("SELECT 1");
                      }
                    }))
        .isInstanceOf(ChittySyncException.class)
        .satisfies(
            e ->
                assertThat(((ChittySyncException) e).code())
                    .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE))
        .hasMessageStartingWith("lost the connection to the state database at ");
    // The pool lends a working connection afterwards.
    int pid = database.withConnection(StoreBehaviour::backendPid);
    assertThat(pid).isPositive();
  }
}
