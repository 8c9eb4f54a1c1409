package com.chittysync.dashboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sync.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Next runs from the config's schedules, read once per TTL. */
class ConfigNextRunsTest {
  @TempDir Path dir;

  private SyncConfig config() throws Exception {
    Files.writeString(dir.resolve("any.schema.json"), "{\"type\":\"object\"}");
    Path file = dir.resolve("chittysync.yaml");
    String yaml =
        "registries:\n"
            + "  people:\n    schema: any.schema.json\n    key: id\n    schedule: rate(5 minutes)\n"
            + "    endpoints:\n      main: {type: postgres, table: people, fields: {id: id}}\n"
            + "  nightly:\n    schema: any.schema.json\n    key: id\n    schedule: cron(30 2 * * ? *)\n"
            + "    endpoints:\n      main: {type: postgres, table: nightly, fields: {id: id}}\n"
            + "  manual:\n    schema: any.schema.json\n    key: id\n"
            + "    endpoints:\n      main: {type: postgres, table: manual, fields: {id: id}}\n";
    Files.writeString(file, yaml);
    return ConfigLoader.parse(
        yaml, file, ConfigLoader.typesOf(List.of(new PostgresEndpointType(null))));
  }

  @Test
  void nextRunsFollowEachSchedule() throws Exception {
    SyncConfig config = config();
    AtomicInteger loads = new AtomicInteger();
    Instant now = Instant.parse("2026-12-07T20:31:05Z");
    ConfigNextRuns runs =
        new ConfigNextRuns(
            () -> {
              loads.incrementAndGet();
              return config;
            },
            Clock.fixed(now, ZoneOffset.UTC),
            Duration.ofMinutes(5));
    assertThat(runs.next("people", now)).contains(now.plus(Duration.ofMinutes(5)));
    assertThat(runs.next("nightly", now)).contains(Instant.parse("2026-12-08T02:30:00Z"));
    assertThat(runs.next("manual", now)).isEmpty();
    assertThat(runs.next("unknown", now)).isEmpty();
    assertThat(loads).as("the config is read once per TTL").hasValue(1);
  }

  @Test
  void aConfigThatCannotBeReadKeepsTheLastSchedules() throws Exception {
    SyncConfig config = config();
    AtomicInteger loads = new AtomicInteger();
    Instant[] now = {Instant.parse("2026-12-07T20:31:05Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    ConfigNextRuns runs =
        new ConfigNextRuns(
            () -> {
              if (loads.incrementAndGet() > 1) {
                throw new IllegalStateException("layer gone");
              }
              return config;
            },
            clock,
            Duration.ofMinutes(5));
    assertThat(runs.next("people", now[0])).isPresent();
    now[0] = now[0].plus(Duration.ofMinutes(6));
    assertThat(runs.next("people", now[0])).isPresent();
    assertThat(loads).hasValue(2);
    assertThat(
            new ConfigNextRuns(
                    () -> {
                      throw new IllegalStateException("no config");
                    },
                    clock,
                    Duration.ofMinutes(5))
                .next("people", now[0]))
        .isEqualTo(Optional.empty());
  }
}
