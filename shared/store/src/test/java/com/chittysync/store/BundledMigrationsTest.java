package com.chittysync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BundledMigrationsTest {
  @Test
  void everyMigrationFileIsBundledInOrder() throws IOException {
    List<MigrationVersion> onDisk;
    try (Stream<Path> files = Files.list(RepoPaths.resolve("migrations"))) {
      onDisk =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .map(MigrationVersion::ofFileName)
              .sorted()
              .toList();
    }
    assertThat(onDisk).doesNotContainNull().isNotEmpty();
    assertThat(BundledMigrations.versions()).isEqualTo(onDisk);
  }

  @Test
  void versionsOrderNumerically() {
    assertThat(new MigrationVersion("10")).isGreaterThan(new MigrationVersion("9"));
    assertThat(new MigrationVersion("2.1")).isGreaterThan(new MigrationVersion("2"));
    assertThat(MigrationVersion.ofFileName("V12__add_things.sql"))
        .isEqualTo(new MigrationVersion("12"));
    assertThat(MigrationVersion.ofFileName("README.md")).isNull();
  }
}
