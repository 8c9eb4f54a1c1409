package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.members;
import static com.chittysync.envelope.Envelopes.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When the nonce store cannot be reached the envelope is neither accepted nor rejected: the
 * database error surfaces as such, and checks that need no database still answer.
 */
class UnreachableDatabaseTest {
  private static Database unreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return Database.open(
        DatabaseSettings.from(
            Environment.of(
                Map.of(
                    "DATABASE_URL",
                    "postgres://postgres@127.0.0.1:" + port + "/nowhere",
                    "CHITTYSYNC_DB_CONNECT_TIMEOUT_MS",
                    "500"))));
  }

  @Test
  void unreachableNonceStoreIsADatabaseFailureNotARejection() throws Exception {
    try (Database database = unreachable()) {
      EnvelopeVerifier verifier =
          new EnvelopeVerifier(
              Envelopes.trusted(), new PostgresNonceStore(database), Clock.systemUTC());
      assertThatThrownBy(() -> verifier.verify(sign(members(Instant.now()))))
          .isInstanceOfSatisfying(
              ChittySyncException.class,
              e -> {
                assertThat(e).isNotInstanceOf(EnvelopeException.class);
                assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
              });
      // Rejections that need no nonce do not touch the database.
      assertThatThrownBy(() -> verifier.verify(Envelopes.utf8("[]")))
          .isInstanceOfSatisfying(
              EnvelopeException.class,
              e -> assertThat(e.failure()).isEqualTo(EnvelopeFailure.MALFORMED));
    }
  }
}
