package com.chittysync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.config.Environment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLocationTest {
  @Test
  void theFlagWins() {
    Environment env = Environment.of(Map.of("CHITTYSYNC_CONFIG", "/etc/from-env.yaml"));
    assertThat(ConfigLocation.resolve(Optional.of(Path.of("flag.yaml")), env))
        .isEqualTo(Path.of("flag.yaml"));
  }

  @Test
  void thenTheSetting() {
    Environment env = Environment.of(Map.of("CHITTYSYNC_CONFIG", "/etc/from-env.yaml"));
    assertThat(ConfigLocation.resolve(Optional.empty(), env))
        .isEqualTo(Path.of("/etc/from-env.yaml"));
  }

  @Test
  void elseTheFileInTheWorkingDirectory() {
    assertThat(ConfigLocation.resolve(Optional.empty(), Environment.of(Map.of())))
        .isEqualTo(Path.of("./chittysync.yaml"));
    assertThat(
            ConfigLocation.resolve(
                Optional.empty(), Environment.of(Map.of("CHITTYSYNC_CONFIG", "  "))))
        .isEqualTo(Path.of("./chittysync.yaml"));
  }
}
