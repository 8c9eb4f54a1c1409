package com.chittysync.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameOnlyConfigTest {
  @TempDir Path dir;

  private NameOnlyConfig config(String endpoints) throws Exception {
    Files.writeString(dir.resolve("any.schema.json"), "{\"type\":\"object\"}");
    Path file = dir.resolve("chittysync.yaml");
    Files.writeString(
        file,
        "registries:\n"
            + "  people:\n"
            + "    schema: any.schema.json\n"
            + "    key: name\n"
            + "    schedule: rate(5 minutes)\n"
            + "    endpoints:\n"
            + endpoints);
    return new NameOnlyConfig(Environment.of(Map.of("CHITTYSYNC_CONFIG", file.toString())));
  }

  @Test
  void everyConnectorsTypeIsKnownByName() throws Exception {
    SyncConfig loaded =
        config(
                "      a: {type: postgres, table: people, fields: {name: name}}\n"
                    + "      b: {type: notion, data_source_id: abc, fields: {name: Name}}\n"
                    + "      c: {type: sheets, spreadsheet_id: xyz, fields: {name: Name}}\n")
            .get();

    assertThat(loaded.registry("people").schedule()).contains("rate(5 minutes)");
  }

  @Test
  void aTypeNoConnectorHasIsRefused() throws Exception {
    NameOnlyConfig config = config("      a: {type: ftp, fields: {name: name}}\n");

    assertThatThrownBy(config::get)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown endpoint type 'ftp'");
  }
}
