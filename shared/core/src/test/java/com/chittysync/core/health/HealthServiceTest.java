package com.chittysync.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HealthServiceTest {
  private static HealthCheck check(String name, CheckResult result) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult run() {
        return result;
      }
    };
  }

  @Test
  void allOkIsOk() {
    HealthReport report =
        new HealthService(Set.of(check("a", CheckResult.ok(Map.of()))), Duration.ofSeconds(5))
            .check();
    assertThat(report.status()).isEqualTo(HealthStatus.OK);
    assertThat(report.isOk()).isTrue();
    assertThat(report.checks()).containsOnlyKeys("a");
  }

  @Test
  void worstCheckDecidesTheStatus() {
    HealthReport report =
        new HealthService(
                Set.of(
                    check("a", CheckResult.ok(Map.of())),
                    check("b", CheckResult.of(HealthStatus.DEGRADED, "meh", Map.of()))),
                Duration.ofSeconds(5))
            .check();
    assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);

    report =
        new HealthService(
                Set.of(
                    check("b", CheckResult.of(HealthStatus.DEGRADED, "meh", Map.of())),
                    check("c", CheckResult.down("gone"))),
                Duration.ofSeconds(5))
            .check();
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void throwingCheckIsDownWithItsMessageAndNoStackTrace() throws Exception {
    HealthCheck failing =
        new HealthCheck() {
          @Override
          public String name() {
            return "database";
          }

          @Override
          public CheckResult run() {
            throw new ChittySyncException(
                ErrorCode.DATABASE_UNAVAILABLE, "cannot connect to h/db: refused");
          }
        };
    HealthReport report = new HealthService(Set.of(failing), Duration.ofSeconds(5)).check();
    CheckResult result = report.checks().get("database");
    assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(result.message()).isEqualTo("database.unavailable: cannot connect to h/db: refused");
    String json = Json.mapper().writeValueAsString(report);
    assertThat(json).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void stuckCheckIsReportedDownAtTheDeadline() {
    CountDownLatch never = new CountDownLatch(1);
    HealthCheck stuck =
        new HealthCheck() {
          @Override
          public String name() {
            return "stuck";
          }

          @Override
          public CheckResult run() throws Exception {
            never.await();
            return CheckResult.ok(Map.of());
          }
        };
    HealthReport report =
        new HealthService(
                Set.of(stuck, check("fine", CheckResult.ok(Map.of()))), Duration.ofMillis(200))
            .check();
    assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(report.checks().get("stuck").message()).isEqualTo("timed out after 200 ms");
    assertThat(report.checks().get("fine").status()).isEqualTo(HealthStatus.OK);
  }

  @Test
  void reportSerialisesToTheDocumentedShape() throws Exception {
    HealthReport report =
        new HealthService(
                Set.of(check("database", CheckResult.ok(Map.of("server_version", "15")))),
                Duration.ofSeconds(5))
            .check();
    var json = Json.mapper().readTree(Json.mapper().writeValueAsString(report));
    assertThat(json.fieldNames()).toIterable().containsExactly("status", "version", "checks");
    assertThat(json.get("status").asText()).isEqualTo("ok");
    assertThat(json.at("/checks/database/status").asText()).isEqualTo("ok");
    assertThat(json.at("/checks/database/server_version").asText()).isEqualTo("15");
    assertThat(json.at("/checks/database/duration_ms").isNumber()).isTrue();
  }
}
