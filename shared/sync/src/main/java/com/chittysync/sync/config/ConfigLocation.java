package com.chittysync.sync.config;

import com.chittysync.core.config.Environment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the config file is: {@code --config FILE}, else {@code CHITTYSYNC_CONFIG}, else here. */
public final class ConfigLocation {
  /** The setting naming the config file. */
  public static final String CHITTYSYNC_CONFIG = "CHITTYSYNC_CONFIG";

  /** The file used when neither the flag nor the setting names one. */
  public static final Path DEFAULT = Path.of("./chittysync.yaml");

  private ConfigLocation() {}

  /**
   * The config file to read.
   *
   * @param flag the {@code --config} option, if given
   */
  public static Path resolve(Optional<Path> flag, Environment env) {
    Objects.requireNonNull(flag, "flag");
    if (flag.isPresent()) {
      return flag.get();
    }
    return env.get(CHITTYSYNC_CONFIG).map(String::strip).map(Path::of).orElse(DEFAULT);
  }
}
