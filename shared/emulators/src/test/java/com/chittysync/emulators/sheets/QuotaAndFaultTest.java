package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-minute quotas on a movable clock, injected faults, and the request log. */
class QuotaAndFaultTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator).login(emulator.serviceAccount());
    id = emulator.createSpreadsheet("Quota");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private int read() {
    return http.get("v4/spreadsheets/" + id + "/values/Sheet1!A1").status();
  }

  private Http.Response write(String value) {
    return http.put(
        "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
        "{\"values\":[[\"" + value + "\"]]}");
  }

  @Test
  void defaultsAreGenerous() {
    assertThat(emulator.quotas().readsPerMinute()).isEqualTo(300);
    assertThat(emulator.quotas().writesPerMinute()).isEqualTo(300);
  }

  @Test
  void writesAreLimitedSeparatelyFromReadsAndRefillAfterAMinute() {
    // The window is counted to the second: only the test moves time here.
    emulator.clock().freeze();
    emulator.quotas().writesPerMinute(2);
    assertThat(write("1").status()).isEqualTo(200);
    assertThat(write("2").status()).isEqualTo(200);

    Http.Response limited = write("3");

    assertThat(limited.status()).isEqualTo(429);
    JsonAssert.errorInfo(limited.body(), "WriteRequestsPerMinutePerUser", "2");
    assertThat(limited.body().get("error").get("message").asText())
        .startsWith("Quota exceeded for quota metric 'Write requests'");
    assertThat(emulator.values(id, "Sheet1!A1")).containsExactly(List.of("2"));
    assertThat(read()).isEqualTo(200);

    emulator.quotas().advance(Duration.ofSeconds(59));
    assertThat(write("4").status()).isEqualTo(429);
    emulator.quotas().advance(Duration.ofSeconds(2));
    assertThat(write("5").status()).isEqualTo(200);
  }

  @Test
  void resetRefillsAtOnce() {
    emulator.quotas().readsPerMinute(1);
    assertThat(read()).isEqualTo(200);
    assertThat(read()).isEqualTo(429);

    emulator.quotas().reset();

    assertThat(read()).isEqualTo(200);
    assertThat(emulator.quotas().used(emulator.serviceAccount().clientEmail(), false)).isEqualTo(1);
  }

  @Test
  void quotasArePerServiceAccount() {
    ServiceAccount other =
        emulator.newServiceAccount("other@chittysync-emulator.iam.gserviceaccount.com");
    emulator.share(id, other.clientEmail());
    Http otherHttp = new Http(emulator).login(other);
    emulator.quotas().readsPerMinute(1);

    assertThat(read()).isEqualTo(200);
    assertThat(read()).isEqualTo(429);
    assertThat(otherHttp.get("v4/spreadsheets/" + id + "/values/Sheet1!A1").status())
        .isEqualTo(200);
  }

  @Test
  void injectedFailuresUseGoogleBodiesAndRunOut() {
    emulator.faults().failNext(503, 2);

    Http.Response first = write("x");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.body().get("error").get("status").asText()).isEqualTo("UNAVAILABLE");
    assertThat(read()).isEqualTo(503);
    assertThat(read()).isEqualTo(200);
    assertThat(emulator.values(id, "Sheet1")).isEmpty();

    emulator.faults().failNext(500, 1, r -> r.isWrite());
    assertThat(read()).isEqualTo(200);
    Http.Response internal = write("y");
    assertThat(internal.body().get("error").get("status").asText()).isEqualTo("INTERNAL");

    emulator.faults().failNext(429, 1);
    Http.Response quota = write("z");
    JsonAssert.errorInfo(quota.body(), "WriteRequestsPerMinutePerUser", "60");
  }

  @Test
  void failuresCanTargetTheTokenEndpoint() {
    emulator.faults().failNext(503, 1, RecordedRequest::isTokenRequest);

    Http.Response r =
        http.postForm(
            "token", Jwts.grantBody(emulator.serviceAccount(), AccessTokens.SPREADSHEETS));

    assertThat(r.status()).isEqualTo(503);
  }

  @Test
  void droppedConnectionAfterWriteStillAppliesTheWrite() {
    emulator.faults().dropAfterWrite(1);

    assertThatThrownBy(
            () ->
                http.sendOrThrow(
                    "PUT",
                    "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
                    "{\"values\":[[\"ghost\"]]}",
                    "application/json"))
        .isInstanceOf(IOException.class);

    assertThat(emulator.values(id, "Sheet1!A1")).containsExactly(List.of("ghost"));
    assertThat(emulator.requestLog().last().status()).isEqualTo(-1);
    assertThat(read()).isEqualTo(200);
    assertThat(write("second").status()).isEqualTo(200);
  }

  @Test
  void latencyDelaysResponses() {
    emulator.faults().latency(Duration.ofMillis(300));
    long start = System.nanoTime();

    read();

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    emulator.faults().reset();
  }

  @Test
  void requestLogRecordsEverythingIncludingTheTokenEndpoint() {
    write("logged");
    http.get("v4/spreadsheets/" + id + "/values:batchGet?ranges=Sheet1!A1&ranges=Sheet1!B:B");

    List<RecordedRequest> log = emulator.requestLog().entries();
    assertThat(log).extracting(RecordedRequest::method).containsExactly("POST", "PUT", "GET");
    assertThat(log.get(0).isTokenRequest()).isTrue();
    assertThat(log.get(1).body()).contains("logged");
    assertThat(log.get(1).query().get("valueInputOption")).containsExactly("RAW");
    assertThat(log.get(2).query().get("ranges")).containsExactly("Sheet1!A1", "Sheet1!B:B");
    assertThat(log.get(2).status()).isEqualTo(200);
    assertThat(emulator.requestLog().count(RecordedRequest::isWrite)).isEqualTo(1);
    assertThat(emulator.requestLog().count()).isEqualTo(3);

    emulator.requestLog().clear();
    assertThat(emulator.requestLog().entries()).isEmpty();
  }

  @Test
  void unknownUrlsAreNotFound() {
    assertThat(http.get("v4/spreadsheets/" + id + "/nothing").status()).isEqualTo(404);
    assertThat(http.get("v3/feeds").status()).isEqualTo(404);
    assertThat(http.post("v4/spreadsheets/" + id + "/values/Sheet1!A1", "{}").status())
        .isEqualTo(404);
  }
}
