package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command, run from the built jar as a user runs it. */
class DemoIT {
  @TempDir Path dir;
  private TestDatabase db;

  @BeforeEach
  void database() {
    db = TestPostgres.createDatabase();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void theDemoSyncsThreeWaysChecksEveryOutcomeAndLeavesAVerifiableState() throws Exception {
    Map<String, String> env = new HashMap<>(db.env());
    CliRunner.Result first = CliRunner.run(dir, env, "demo", "--records", "40");
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("SyncCompleted demo_projects: 80 applied, 0 failed")
        .contains("✓ P-0005 deleted (Notion → PostgreSQL, sheet)")
        .contains("✓ P-0004 budget conflict waits for a person")
        .contains("✓ P-0006 invalid budget quarantined, not copied")
        .contains("every check passed")
        .doesNotContain("✗");
    assertThat(dir.resolve("chittysync-demo/chittysync.yaml")).exists();

    // The state it leaves is what the other commands read.
    env.put("CHITTYSYNC_CONFIG", dir.resolve("chittysync-demo/chittysync.yaml").toString());
    env.put(
        "CHITTYSYNC_LOG_VKEY", Files.readString(dir.resolve("chittysync-demo/log.vkey")).strip());
    CliRunner.Result verify = CliRunner.run(dir, env, "audit", "verify");
    assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).startsWith("OK:");
    CliRunner.Result conflicts =
        CliRunner.run(dir, env, "conflicts", "list", "--registry", "demo_projects");
    assertThat(conflicts.out()).contains("P-0004").contains("budget");

    // A second demo on the same database starts afresh and still verifies the whole log.
    CliRunner.Result second = CliRunner.run(dir, db.env(), "demo", "--records", "40");
    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    assertThat(second.out()).contains("2 checkpoint(s)");
  }
}
