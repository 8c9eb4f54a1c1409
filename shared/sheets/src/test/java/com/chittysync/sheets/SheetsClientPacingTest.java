package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsClientErrorsTest.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.RequestBudget;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.sheets.v4.Sheets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every try waits its turn on the service account's budget, and a 429 pauses the budget. */
class SheetsClientPacingTest {
  private static final String VALUES =
      "{\"range\":\"'People'!A1:B2\",\"values\":[[\"ID\",\"Name\"],[\"P1\",\"Ann\"]]}";

  /** Records what the client asks of its budget. */
  private static final class RecordingBudget implements RequestBudget {
    int acquired;
    final List<Duration> pauses = new ArrayList<>();
    boolean interrupt;

    @Override
    public void acquire() throws InterruptedException {
      if (interrupt) {
        throw new InterruptedException();
      }
      acquired++;
    }

    @Override
    public void pause(Duration duration) {
      pauses.add(duration);
    }
  }

  private static SheetsClient client(SheetsClientErrorsTest.Script script, RequestBudget budget) {
    Sheets sheets =
        new Sheets.Builder(script, GsonFactory.getDefaultInstance(), null)
            .setApplicationName("test")
            .setRootUrl("http://127.0.0.1:1/")
            .build();
    return new SheetsClient(sheets, "SID", "sheet", "sa@example.com", 3, new Backoff(1, 4), budget);
  }

  @Test
  void eachTryWaitsItsTurnAndAQuotaRefusalPausesTheAccount() throws Exception {
    SheetsClientErrorsTest.Script script =
        new SheetsClientErrorsTest.Script()
            .then(429, golden("12-error-429-resource-exhausted.json"))
            .then(200, VALUES);
    RecordingBudget budget = new RecordingBudget();
    client(script, budget).values("'People'!A1:B", SheetsClient.Render.UNFORMATTED_VALUE);
    assertThat(budget.acquired).isEqualTo(2);
    assertThat(budget.pauses).hasSize(1);
  }

  @Test
  void anInterruptWhileWaitingSendsNothingAndIsNotRetried() {
    SheetsClientErrorsTest.Script script = new SheetsClientErrorsTest.Script().then(200, VALUES);
    RecordingBudget budget = new RecordingBudget();
    budget.interrupt = true;
    try {
      assertThatThrownBy(
              () ->
                  client(script, budget)
                      .values("'People'!A1:B", SheetsClient.Render.UNFORMATTED_VALUE))
          .isInstanceOfSatisfying(
              SheetsApiException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.outcomeUnknown()).isFalse();
              });
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(script.requests).isEmpty();
  }
}
