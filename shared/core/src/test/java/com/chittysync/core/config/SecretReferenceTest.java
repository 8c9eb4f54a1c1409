package com.chittysync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretReferenceTest {
  @Test
  void plainValuesAreNotReferences() {
    assertThat(SecretReference.parse("postgres://u@h/db")).isEmpty();
    assertThat(SecretReference.parse(null)).isEmpty();
  }

  @Test
  void wholeSecretReferenceHasNoField() {
    assertThat(SecretReference.parse("secretsmanager:chittysync/db"))
        .contains(new SecretReference("chittysync/db", null));
  }

  @Test
  void fieldFollowsTheLastHash() {
    assertThat(
            SecretReference.parse(
                "secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf#url"))
        .contains(
            new SecretReference(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "url"));
  }

  @Test
  void emptyIdOrFieldIsRejected() {
    assertThatThrownBy(() -> SecretReference.parse("secretsmanager:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretReference.parse("secretsmanager:db#"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
