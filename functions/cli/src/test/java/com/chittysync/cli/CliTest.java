package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void unknownCommandPrintsUsageAndExits2() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unmatched argument at index 0: 'frobnicate'")
        .contains("Usage: chittysync");
  }

  @Test
  void noCommandPrintsUsageAndExits2() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("a command is required").contains("Commands:");
  }

  @Test
  void badOptionValueExits2() {
    assertThat(run("serve", "--port", "eighty")).isEqualTo(2);
    assertThat(err.toString()).contains("--port").contains("eighty");
    assertThat(run("invoke", "health", "--bogus")).isEqualTo(2);
  }

  @Test
  void invokeOfAnUnknownFunctionNamesTheKnownOnes() {
    assertThat(run("invoke", "nosuch")).isEqualTo(1);
    assertThat(err.toString())
        .contains("config.invalid: unknown function 'nosuch'; known functions: health");
  }

  @Test
  void invokeWithAMissingEventFileSaysWhich() {
    assertThat(run("invoke", "health", "--event", "/nonexistent/event.json")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot read event file /nonexistent/event.json");
  }

  @Test
  void versionIsPrinted() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("chittysync ");
  }
}
