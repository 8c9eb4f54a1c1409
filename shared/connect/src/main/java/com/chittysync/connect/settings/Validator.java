package com.chittysync.connect.settings;

import com.chittysync.core.config.SecretReference;
import java.util.function.Predicate;

/**
 * A check of a setting's value once it is read as its type. It reports through {@link Check}; a
 * value it reports on is not kept.
 */
@FunctionalInterface
public interface Validator<T> {
  void check(T value, Check check);

  /** The setting's "invalid" message unless {@code accepted} holds. */
  static <T> Validator<T> accept(Predicate<? super T> accepted) {
    return (value, check) -> {
      if (!accepted.test(value)) {
        check.invalid();
      }
    };
  }

  /** The setting's "invalid" message outside {@code min..max}, both included. */
  static <T extends Comparable<? super T>> Validator<T> range(T min, T max) {
    return accept(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0);
  }

  /**
   * A {@code secretsmanager:} reference (after trimming) must be well formed; any other value is
   * checked by {@code otherwise}. The message never repeats the value, which may be a secret.
   */
  static Validator<String> secretReferenceOr(Validator<String> otherwise) {
    return (value, check) -> {
      String trimmed = value.trim();
      if (trimmed.startsWith(SecretReference.PREFIX)) {
        try {
          SecretReference.parse(trimmed);
        } catch (IllegalArgumentException e) {
          check.fail("malformed secret reference: " + e.getMessage());
        }
      } else {
        otherwise.check(trimmed, check);
      }
    };
  }
}
