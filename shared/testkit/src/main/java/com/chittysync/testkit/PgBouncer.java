package com.chittysync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A PgBouncer in transaction pooling mode in front of the test PostgreSQL, started once per test
 * JVM, the way Neon's pooled endpoint sits in front of Neon. Code that passes its tests through it
 * keeps no session state across transactions.
 *
 * <p>Where PgBouncer is not installed, tests that need it are skipped with that reason, unless
 * {@code CHITTYSYNC_REQUIRE_PGBOUNCER=true} (as in CI), when they fail instead.
 */
public final class PgBouncer {
  private static PgBouncer shared;

  private final int port;

  private PgBouncer(int port) {
    this.port = port;
  }

  /** The shared instance; skips the calling test when PgBouncer is unavailable. */
  public static synchronized PgBouncer shared() {
    if (shared == null) {
      shared =
          start(
              Processes.findOrSkip(
                  "pgbouncer",
                  "CHITTYSYNC_REQUIRE_PGBOUNCER",
                  "apt-get install pgbouncer",
                  "/usr/sbin"));
    }
    return shared;
  }

  /** The URL of {@code database} through this pooler. */
  public String url(String user, String database) {
    return "postgres://" + user + "@127.0.0.1:" + port + "/" + database;
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  private static PgBouncer start(Path binary) {
    try {
      Path dir = Files.createTempDirectory("chittysync-pgbouncer");
      // PgBouncer refuses to run as root and drops to the postgres user, which must be able to
      // read its config and write its log.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      int port = Processes.freePort();
      Path log = dir.resolve("pgbouncer.log");
      Path users = dir.resolve("users.txt");
      Files.writeString(users, "\"postgres\" \"\"\n");
      String host = System.getenv().getOrDefault("CHITTYSYNC_TEST_PG_HOST", "127.0.0.1");
      String pgPort = System.getenv().getOrDefault("CHITTYSYNC_TEST_PG_PORT", "5432");
      Path ini = dir.resolve("pgbouncer.ini");
      Files.writeString(
          ini,
          String.join(
              "\n",
              "[databases]",
              "* = host=" + host + " port=" + pgPort,
              "[pgbouncer]",
              "listen_addr = 127.0.0.1",
              "listen_port = " + port,
              "unix_socket_dir =",
              "auth_type = trust",
              "auth_file = " + users,
              "pool_mode = transaction",
              "ignore_startup_parameters = extra_float_digits",
              "max_client_conn = 500",
              "default_pool_size = 20",
              "server_reset_query =",
              "logfile = " + log,
              ""));
      for (Path p : List.of(users, ini)) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
      }
      ProcessBuilder pb = new ProcessBuilder();
      if ("root".equals(System.getProperty("user.name"))) {
        pb.command(binary.toString(), "-u", "postgres", ini.toString());
      } else {
        pb.command(binary.toString(), ini.toString());
      }
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile());
      Process process = pb.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      Processes.awaitPort(process, port, Duration.ofSeconds(15), "pgbouncer", log);
      return new PgBouncer(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start pgbouncer", e);
    }
  }
}
