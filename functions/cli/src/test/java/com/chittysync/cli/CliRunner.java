package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code chittysync.jar} as a separate process, as a user does. */
final class CliRunner {
  static final Path JAR = Path.of("target/chittysync.jar").toAbsolutePath();

  private CliRunner() {}

  /** What a run printed and how it exited. */
  record Result(int exit, String out, String err) {}

  /**
   * A process builder for {@code java -jar chittysync.jar args...} in {@code dir} with {@code env}
   * added.
   */
  static ProcessBuilder builder(Path dir, Map<String, String> env, List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("DATABASE_URL_UNPOOLED");
    pb.environment().remove("CHITTYSYNC_CONFIG");
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs {@code command} to completion (two minutes at most) with no input. */
  static Result exec(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, err);
  }

  /** Runs the CLI with {@code args}. */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    return exec(builder(dir, env, List.of(args)));
  }
}
