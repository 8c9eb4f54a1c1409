package com.chittysync.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.RepoPaths;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Where SQL may live. The engine's state has one home, {@code com.chittysync.sync.state.jdbc}:
 * everything else reaches it through the interfaces of {@code com.chittysync.sync.state}, so engine
 * code can be tested on the in-memory state and the schema can change in one place. This module
 * depends on every other, so its test classpath holds all production classes.
 */
class LayeringTest {
  /**
   * TEMPORARY: classes that still use JDBC or name the engine's tables outside the state
   * implementations. Each line says why; shrink this as they move, never grow it.
   */
  static final Set<String> NOT_MOVED_YET = Set.of();

  /** Packages whose classes may use JDBC for good, and why. */
  static final List<String> JDBC_PACKAGES =
      List.of(
          "..sync.state.jdbc..", // the engine's state on PostgreSQL
          "com.chittysync.store..", // the database plumbing: pool, transactions, migrations
          "com.chittysync.audit.log..", // the audit log's own store
          "com.chittysync.postgres..", // the postgres connector: registries in user tables
          "com.chittysync.cli.demo.jdbc..", // the demo's own tables, not the engine's
          "com.chittysync.bench..",
          "com.chittysync.testkit.."); // test fixtures: throwaway databases, PgBouncer

  /**
   * Packages that may use the test fixtures of {@code com.chittysync.testkit} from main code: the
   * fixtures themselves and the benchmarks. Everything else, the emulators included, ships.
   */
  static final List<String> FIXTURE_USERS =
      List.of("com.chittysync.testkit..", "com.chittysync.bench..");

  /** Classes that may use JDBC for good: stores of their own tables, connector internals. */
  static final Set<String> JDBC_CLASSES =
      Set.of(
          // Envelope nonces: the store, and its SPI and caller, which spend a nonce on the
          // caller's connection so that the nonce and what it admits commit together.
          "com.chittysync.envelope.PostgresNonceStore",
          "com.chittysync.envelope.NonceStore",
          "com.chittysync.envelope.EnvelopeVerifier",
          "com.chittysync.sync.schema.PostgresSchemaCache", // fetched schemas
          "com.chittysync.notion.oauth.OAuthSpent", // spent OAuth states
          "com.chittysync.notion.NotionReadStages", // full Notion reads kept in parts
          "com.chittysync.intake.DeliveryLog", // webhook deliveries
          "com.chittysync.intake.WebhookHandshakes", // webhook handshakes
          "com.chittysync.dashboard.ActionLog", // the dashboard's actions, once per id
          // The state of each registry last told to a chat channel, so a change is told once.
          "com.chittysync.pipeline.notify.NotificationStore");

  /**
   * Files that may name the engine's tables besides the state implementations: the dashboard
   * benchmark, which seeds 100 registries and 10,000 runs in bulk as the engine would have written
   * them (a benchmark's fixture, not a path users run).
   */
  static final Set<String> TABLE_FILES_ALLOWED =
      Set.of("shared/bench/src/main/java/com/chittysync/bench/DashboardBench.java");

  private static final Pattern ENGINE_TABLE =
      Pattern.compile(
          "chittysync\\.(registries|runs|plans|plan_ops|plan_records|plan_observations|leases"
              + "|conflicts|held_deletes|validation_reports|endpoint_snapshots|endpoint_cursors"
              + "|canonical_records|pending_syncs)\\b");

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(LayeringTest::ofThisRepository)
          .importPackages("com.chittysync");

  /** This repository's classes: its modules' class directories and jars, no third party's. */
  private static boolean ofThisRepository(Location location) {
    return !location.isJar() || location.contains("/chittysync-");
  }

  /** Whether {@code c}, or the class it is nested in, is one of {@code names}. */
  private static boolean isOrIsNestedIn(JavaClass c, Set<String> names) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return names.contains(nested < 0 ? name : name.substring(0, nested));
  }

  @Test
  void productionClassesOfEveryModuleAreImported() {
    assertThat(PRODUCTION.contain("com.chittysync.sync.engine.SyncEngine")).isTrue();
    assertThat(PRODUCTION.contain("com.chittysync.schedule.Scheduler")).isTrue();
    assertThat(PRODUCTION.contain("com.chittysync.notion.NotionEndpoint")).isTrue();
    assertThat(PRODUCTION.contain("com.chittysync.cli.ReviewCommands")).isTrue();
    assertThat(PRODUCTION.contain("com.chittysync.cli.LayeringTest")).isFalse();
  }

  @Test
  void shippedCodeDoesNotUseTheTestFixtures() {
    assertThat(PRODUCTION.contain("com.chittysync.emulators.notion.NotionEmulator")).isTrue();
    noClasses()
        .that()
        .resideOutsideOfPackages(FIXTURE_USERS.toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.chittysync.testkit..")
        .because("the test fixtures are test code; the emulators are in com.chittysync.emulators")
        .check(PRODUCTION);
  }

  @Test
  void onlyStateImplementationsDatabasePlumbingAndStoresOfTheirOwnTablesUseJdbc() {
    DescribedPredicate<JavaClass> allowed =
        JavaClass.Predicates.resideInAnyPackage(JDBC_PACKAGES.toArray(String[]::new))
            .or(
                DescribedPredicate.describe(
                    "stores of their own tables " + JDBC_CLASSES,
                    c -> isOrIsNestedIn(c, JDBC_CLASSES)))
            .or(
                DescribedPredicate.describe(
                    "not moved yet " + NOT_MOVED_YET, c -> isOrIsNestedIn(c, NOT_MOVED_YET)));

    noClasses()
        .that(DescribedPredicate.not(allowed))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.sql..")
        .because("SQL on the engine's state lives in com.chittysync.sync.state.jdbc")
        .check(PRODUCTION);
  }

  @Test
  void onlyStateImplementationsNameTheEngineTables() throws IOException {
    Path root = RepoPaths.root();
    List<String> offenders = new ArrayList<>();
    for (Path sources : moduleSources(root)) {
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.toString().contains("/sync/state/jdbc/"))
            .filter(p -> !TABLE_FILES_ALLOWED.contains(root.relativize(p).toString()))
            .filter(LayeringTest::namesAnEngineTable)
            .forEach(p -> offenders.add(root.relativize(p).toString()));
      }
    }
    Collections.sort(offenders);

    assertThat(offenders)
        .as(
            "files outside com.chittysync.sync.state.jdbc naming the engine's tables; go through"
                + " the interfaces of com.chittysync.sync.state instead")
        .isEmpty();
  }

  /** The connectors, each in its own module. */
  static final String[] CONNECTORS = {
    "com.chittysync.postgres..", "com.chittysync.notion..", "com.chittysync.sheets.."
  };

  @Test
  void theConnectorSpiDependsOnNoEngineAndNoConnector() {
    noClasses()
        .that()
        .resideInAPackage("com.chittysync.connect..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.chittysync.sync..",
            "com.chittysync.pipeline..",
            "com.chittysync.intake..",
            "com.chittysync.postgres..",
            "com.chittysync.notion..",
            "com.chittysync.sheets..")
        .because("a connector implements the SPI without the whole engine (Kafka Connect's api)")
        .check(PRODUCTION);
  }

  @Test
  void theEngineKnowsNoConnector() {
    noClasses()
        .that()
        .resideInAnyPackage("com.chittysync.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CONNECTORS)
        .because("endpoint types come into the graph by Dagger multibinding, PostgreSQL included")
        .check(PRODUCTION);
  }

  @Test
  void connectorsUseTheSpiNotTheEngineNorEachOther() {
    for (String connector : CONNECTORS) {
      List<String> others = new ArrayList<>(List.of(CONNECTORS));
      others.remove(connector);
      others.add("com.chittysync.pipeline..");
      others.add("com.chittysync.intake..");
      others.add("com.chittysync.sync..");
      noClasses()
          .that()
          .resideInAPackage(connector)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others.toArray(String[]::new))
          .because("a connector depends on com.chittysync.connect, not on the engine")
          .check(PRODUCTION);
    }
  }

  /** The {@code src/main/java} of every module: {@code shared/*}, {@code functions/*}, ... */
  private static List<Path> moduleSources(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> groups = Files.list(root)) {
      for (Path group : groups.filter(Files::isDirectory).toList()) {
        if (group.getFileName().toString().startsWith(".")) {
          continue;
        }
        try (Stream<Path> modules = Files.list(group)) {
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(out::add);
        }
      }
    }
    assertThat(out).as("module sources under " + root).hasSizeGreaterThan(10);
    return out;
  }

  private static boolean namesAnEngineTable(Path file) {
    try {
      return ENGINE_TABLE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
