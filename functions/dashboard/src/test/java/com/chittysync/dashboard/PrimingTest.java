package com.chittysync.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class PrimingTest {
  @Test
  void primingRendersAPageWithoutADatabase() {
    // A priming step that throws is skipped with a warning: the snapshot would hold nothing primed.
    assertThatCode(Priming::renderOnce).doesNotThrowAnyException();
  }
}
