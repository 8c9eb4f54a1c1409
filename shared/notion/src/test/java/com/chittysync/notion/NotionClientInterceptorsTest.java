package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.emulators.notion.RequestLog;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The auth, pacing and retry interceptors, as {@link NotionClient} installs them. */
class NotionClientInterceptorsTest {
  private NotionEmulator notion;

  @BeforeEach
  void start() {
    notion = NotionEmulator.start();
  }

  @AfterEach
  void stop() {
    notion.close();
  }

  private NotionClient client(TokenSource tokens, int maxRetries) {
    return new NotionClient(notion.baseUrl(), tokens, "test", 100, maxRetries, 1);
  }

  private NotionClient client(int maxRetries) {
    return client(TokenSource.fixed(Secret.of(notion.token())), maxRetries);
  }

  private List<RequestLog.Entry> log(String method, String path) {
    return notion.requestLog().entries(method, path);
  }

  @Test
  void signsEveryRequestWithTheTokenAndVersion() {
    try (NotionClient client = client(0)) {
      client.get("/v1/users/me");
    }
    RequestLog.Entry entry = log("GET", "/v1/users/me").get(0);
    assertThat(entry.authorization()).isEqualTo("Bearer " + notion.token());
    assertThat(entry.notionVersion()).isEqualTo(NotionClient.NOTION_VERSION);
  }

  @Test
  void retriesAServerErrorUntilItPasses() {
    notion.faults().failNext(2, 503, "service_unavailable", "GET", "/v1/users");
    try (NotionClient client = client(3)) {
      assertThat(client.get("/v1/users/me").path("object").asText()).isEqualTo("user");
    }
    assertThat(log("GET", "/v1/users/me")).hasSize(3);
  }

  @Test
  void givesUpAfterMaxRetries() {
    notion.faults().failNext(5, 503, "service_unavailable", "GET", "/v1/users");
    try (NotionClient client = client(1)) {
      assertThatThrownBy(() -> client.get("/v1/users/me"))
          .isInstanceOfSatisfying(
              NotionApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.outcomeUnknown()).isFalse();
                assertThat(e.getMessage()).startsWith("test: GET /v1/users/me: HTTP 503");
                assertThat(e).isInstanceOf(EndpointFailure.Unavailable.class);
              });
    }
    assertThat(log("GET", "/v1/users/me")).hasSize(2);
  }

  @Test
  void neverRepeatsACreateThatMayHaveTakenEffect() {
    notion.faults().failNext(1, 503, "service_unavailable", "POST", "/v1/pages");
    try (NotionClient client = client(3)) {
      assertThatThrownBy(() -> client.create("/v1/pages", Json.mapper().createObjectNode()))
          .isInstanceOfSatisfying(
              NotionApiException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
    }
    assertThat(log("POST", "/v1/pages")).hasSize(1);
  }

  @Test
  void waitsOutRetryAfter() {
    notion.faults().failNextWithRetryAfter(1, 429, "rate_limited", 1);
    long started = System.nanoTime();
    try (NotionClient client = client(2)) {
      client.get("/v1/users/me");
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    assertThat(log("GET", "/v1/users/me")).hasSize(2);
  }

  @Test
  void renewsARefusedTokenOncePerCall() {
    AtomicInteger renewals = new AtomicInteger();
    TokenSource refusedForever =
        new TokenSource() {
          @Override
          public Secret current() {
            return Secret.of("expired");
          }

          @Override
          public Optional<Secret> renew(Secret refused) {
            renewals.incrementAndGet();
            return Optional.of(Secret.of("expired"));
          }
        };
    try (NotionClient client = client(refusedForever, 3)) {
      assertThatThrownBy(() -> client.get("/v1/users/me"))
          .isInstanceOfSatisfying(
              NotionApiException.class,
              e -> {
                assertThat(e.unauthorized()).isTrue();
                assertThat(e).isInstanceOf(EndpointFailure.CredentialsRefused.class);
              });
    }
    assertThat(renewals).hasValue(1);
    assertThat(log("GET", "/v1/users/me")).hasSize(2);
  }

  @Test
  void sendsTheRenewedToken() {
    Secret[] current = {Secret.of("expired")};
    TokenSource renewing =
        new TokenSource() {
          @Override
          public Secret current() {
            return current[0];
          }

          @Override
          public Optional<Secret> renew(Secret refused) {
            current[0] = Secret.of(notion.token());
            return Optional.of(current[0]);
          }
        };
    try (NotionClient client = client(renewing, 0)) {
      client.get("/v1/users/me");
    }
    assertThat(log("GET", "/v1/users/me"))
        .extracting(RequestLog.Entry::status)
        .containsExactly(401, 200);
  }
}
