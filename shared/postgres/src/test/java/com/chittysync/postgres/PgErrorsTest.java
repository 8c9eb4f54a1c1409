package com.chittysync.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SQLSTATEs to their meaning, without a database. */
class PgErrorsTest {
  private static final PgErrors ERRORS =
      new PgErrors(
          new PostgresSettings(
              "endpoints.main",
              "main",
              "public",
              "people",
              Map.of("id", "id"),
              "id",
              Optional.empty(),
              10,
              Optional.empty()));

  private static SQLException state(String sqlState) {
    return new SQLException("boom", sqlState);
  }

  @Test
  void serializationFailuresAndDeadlocksAreRetried() {
    assertThat(PgErrors.isRetryable(state("40001"))).isTrue();
    assertThat(PgErrors.isRetryable(state("40P01"))).isTrue();
    assertThat(PgErrors.isRetryable(state("23505"))).isFalse();
    assertThat(PgErrors.isRetryable(state(null))).isFalse();
  }

  @Test
  void dataErrorsAreTheOpsOwn() {
    assertThat(PgErrors.isDataError(state("22P02"))).isTrue();
    assertThat(PgErrors.isDataError(state("23505"))).isTrue();
    assertThat(PgErrors.isDataError(state("P0001"))).isTrue();
    assertThat(PgErrors.isDataError(state("42501"))).isFalse();
    assertThat(PgErrors.isDataError(state("08006"))).isFalse();
    assertThat(PgErrors.isDataError(state(null))).isFalse();
    assertThat(PgErrors.isUniqueViolation(state("23505"))).isTrue();
    assertThat(PgErrors.refusedBecause(state("23514")))
        .isEqualTo("the database refused it (SQLSTATE 23514): boom");
  }

  @Test
  void aLostConnectionIsUnavailableAndTheRestADatabaseError() {
    ChittySyncException lost = ERRORS.failure("reading", state("08006"));
    ChittySyncException closed = ERRORS.failure("reading", state(null));
    ChittySyncException timeout =
        ERRORS.failure("reading", new SQLTransientConnectionException("timed out"));
    ChittySyncException denied = ERRORS.failure("reading", state("42501"));

    assertThat(lost.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(closed.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(timeout.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(List.of(lost, closed, timeout))
        .allSatisfy(e -> assertThat(e).isInstanceOf(EndpointFailure.Unavailable.class));
    assertThat(timeout.getMessage()).endsWith(": no answer in time");
    assertThat(denied.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
    assertThat(denied.getMessage())
        .isEqualTo("endpoints.main: reading table public.people failed (SQLSTATE 42501): boom");
  }
}
