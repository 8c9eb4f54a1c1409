package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InfrastructureTest {
  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds = emulator.createDatabase("T", Json.parseObject("{\"Name\":{\"title\":{}}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String createBody(String title) {
    return "{\"parent\":{\"data_source_id\":\""
        + ds.dataSourceId()
        + "\"},\"properties\":{\"Name\":{\"title\":[{\"text\":{\"content\":\""
        + title
        + "\"}}]}}}";
  }

  @Test
  void rateLimitAnswers429WithIntegerRetryAfterAndReason() {
    emulator.rateLimit(0.5, 2, "integration_rate_limit");
    String path = "/v1/data_sources/" + ds.dataSourceId();
    assertThat(api.get(path).status()).isEqualTo(200);
    assertThat(api.get(path).status()).isEqualTo(200);
    Api.Response limited = api.get(path);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body().get("code").asText()).isEqualTo("rate_limited");
    assertThat(limited.header("Retry-After")).matches("\\d+");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    assertThat(limited.body().get("additional_data").get("rate_limit_reason").asText())
        .isEqualTo("integration_rate_limit");

    emulator.rateLimitOff();
    assertThat(api.get(path).status()).isEqualTo(200);
  }

  @Test
  void injectedFailuresHitOnlyMatchingRequestsAndRunOut() {
    emulator.faults().failNext(2, 503, "service_unavailable", "POST", "/v1/data_sources/");
    emulator.faults().failNext(1, 529, "service_overload");
    String query = "/v1/data_sources/" + ds.dataSourceId() + "/query";

    Api.Response overloaded = api.get("/v1/data_sources/" + ds.dataSourceId());
    assertThat(overloaded.status()).isEqualTo(529);
    assertThat(overloaded.header("Retry-After")).isEqualTo("1");
    assertThat(api.post(query, "{}").status()).isEqualTo(503);
    assertThat(api.post(query, "{}").body().get("code").asText()).isEqualTo("service_unavailable");
    assertThat(api.post(query, "{}").status()).isEqualTo(200);

    emulator.faults().failNext(1, 409, "conflict_error");
    assertThat(api.post("/v1/pages", createBody("x")).body().get("code").asText())
        .isEqualTo("conflict_error");
    assertThat(emulator.pages(ds.dataSourceId())).isEmpty();
  }

  @Test
  void droppedConnectionAfterWriteStillPerformsTheWrite() {
    emulator.faults().dropAfterWrite(1);

    assertThatThrownBy(() -> api.sendOrThrow("POST", "/v1/pages", createBody("ghost")))
        .isInstanceOf(IOException.class);

    assertThat(emulator.pages(ds.dataSourceId())).hasSize(1);
    assertThat(api.post("/v1/pages", createBody("second")).status()).isEqualTo(200);
    List<RequestLog.Entry> writes = emulator.requestLog().entries("POST", "/v1/pages");
    assertThat(writes).extracting(RequestLog.Entry::status).containsExactly(-1, 200);
  }

  @Test
  void latencyDelaysResponses() {
    emulator.faults().latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    api.get("/v1/data_sources/" + ds.dataSourceId());
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    emulator.faults().reset();
  }

  @Test
  void requestLogRecordsMethodPathQueryBodyAndStatus() {
    api.post("/v1/pages", createBody("logged"));
    String id = emulator.pages(ds.dataSourceId()).get(0).get("id").asText();
    api.get("/v1/pages/" + id + "?filter_properties=title");

    List<RequestLog.Entry> entries = emulator.requestLog().entries();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).method()).isEqualTo("POST");
    assertThat(entries.get(0).body()).contains("logged");
    assertThat(entries.get(0).status()).isEqualTo(200);
    assertThat(entries.get(1).path()).isEqualTo("/v1/pages/" + id);
    assertThat(entries.get(1).query()).isEqualTo("filter_properties=title");
    assertThat(entries.get(1).notionVersion()).isEqualTo("2025-09-03");

    emulator.requestLog().clear();
    assertThat(emulator.requestLog().entries()).isEmpty();
  }

  @Test
  void concurrentWritesAreAllApplied() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  assertThat(api.post("/v1/pages", createBody("t" + n + "-" + i)).status())
                      .isEqualTo(200);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(emulator.pages(ds.dataSourceId())).hasSize(80);
  }
}
