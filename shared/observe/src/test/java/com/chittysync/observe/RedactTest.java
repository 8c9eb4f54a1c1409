package com.chittysync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void aRefusalKeepsItsReasonAndLosesTheValueItQuotes() {
    assertThat(
            Redact.quoted(
                "b op 3: failed: the database refused it (SQLSTATE 22P02): invalid input syntax"
                    + " for type integer: \"zq-7731\""))
        .isEqualTo(
            "b op 3: failed: the database refused it (SQLSTATE 22P02): invalid input syntax"
                + " for type integer: \"…\"");
    assertThat(Redact.quoted("key 'Ada': rejected")).isEqualTo("key \"…\": rejected");
    assertThat(Redact.quoted("no quotes here")).isEqualTo("no quotes here");
  }
}
