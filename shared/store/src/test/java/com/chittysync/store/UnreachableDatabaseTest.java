package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.health.CheckResult;
import com.chittysync.core.health.HealthService;
import com.chittysync.core.health.HealthStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnreachableDatabaseTest {
  @Test
  void refusedConnectionIsReportedAsUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (Database db = open("postgres://postgres:hunter2@127.0.0.1:" + port + "/x")) {
      CheckResult result = runCatching(new DatabaseHealthCheck(() -> db));
      assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(result.message())
          .startsWith(
              "database.unavailable: cannot connect to the state database at 127.0.0.1:"
                  + port
                  + "/x")
          .contains("refused")
          .doesNotContain("hunter2");
    }
  }

  @Test
  void silentServerIsReportedAsUnavailableNotHung() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (Database db =
          open(
              "postgres://postgres@127.0.0.1:" + silent.getLocalPort() + "/x",
              "CHITTYSYNC_DB_CONNECT_TIMEOUT_MS",
              "1000")) {
        assertThatThrownBy(() -> db.withConnection(c -> 1))
            .isInstanceOf(ChittySyncException.class)
            .satisfies(
                e ->
                    assertThat(((ChittySyncException) e).code())
                        .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE))
            .hasMessageContaining("cannot connect to the state database");
      }
    }
  }

  /** Runs a check the way the health service does: a throw becomes a down result. */
  private static CheckResult runCatching(DatabaseHealthCheck check) {
    var report = new HealthService(Set.of(check), Duration.ofSeconds(10)).check();
    return report.checks().get(check.name());
  }

  private static Database open(String url, String... extra) {
    Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", url));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return Database.open(DatabaseSettings.from(Environment.of(env)));
  }
}
