package com.chittysync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code moto_server}, the AWS emulator installed with the machine's Python, started once per test
 * JVM on a free port. It emulates Secrets Manager, EventBridge and SQS well enough to run the same
 * test logic as LocalStack where Docker is missing.
 *
 * <p>Where it is not installed, tests that need it are skipped with that reason, unless {@code
 * CHITTYSYNC_REQUIRE_MOTO=true} (as in CI), when they fail instead.
 */
public final class MotoServer {
  private static MotoServer shared;

  private final String endpoint;

  private MotoServer(String endpoint) {
    this.endpoint = endpoint;
  }

  /** The shared instance; skips the calling test when moto_server is unavailable. */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      shared =
          start(
              Processes.findOrSkip(
                  "moto_server", "CHITTYSYNC_REQUIRE_MOTO", "pip install 'moto[server]'"));
    }
    return shared;
  }

  /** The endpoint URL, for {@code AWS_ENDPOINT_URL}. */
  public String endpoint() {
    return endpoint;
  }

  /** Environment variables that point AWS SDK clients at this server with dummy credentials. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    return env;
  }

  private static MotoServer start(Path binary) {
    try {
      Path dir = Files.createTempDirectory("chittysync-moto");
      Path log = dir.resolve("moto.log");
      int port = Processes.freePort();
      ProcessBuilder pb =
          new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      Processes.awaitPort(process, port, Duration.ofSeconds(60), "moto_server", log);
      return new MotoServer("http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start moto_server", e);
    }
  }
}
