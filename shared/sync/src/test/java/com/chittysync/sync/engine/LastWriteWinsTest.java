package com.chittysync.sync.engine;

import static com.chittysync.sync.engine.SyncEngineTest.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.config.RegistryConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Last-write-wins takes the later change only where the endpoints' clocks can tell. */
class LastWriteWinsTest {
  private static final CanonicalRecord BASE = person("P1", "Ann", "ann@x.org");
  private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

  private static Side edited(String endpoint, String name, Optional<Instant> at) {
    return new Side(
        endpoint,
        Optional.of(BASE),
        Optional.of(person("P1", name, "ann@x.org")),
        true,
        at,
        Optional.of("P1"));
  }

  private static Conflict resolve(
      RegistryConfig.Conflict strategy, Map<String, List<String>> fields, Side... sides) {
    RegistryConfig registry =
        SyncEngineTest.registry(strategy, RegistryConfig.Deletes.PROPAGATE, fields);
    Resolution r =
        new Merger(registry, java.util.Set.of(), Map.of())
            .resolve("P1", Optional.of(BASE), List.of(sides));
    assertThat(r.conflicts()).hasSize(1);
    return r.conflicts().get(0);
  }

  private static Conflict resolve(Side... sides) {
    List<String> all = List.of("id", "name", "email");
    return resolve(RegistryConfig.Conflict.LAST_WRITE_WINS, Map.of("a", all, "b", all), sides);
  }

  @Test
  void theLaterDatedChangeWins() {
    Conflict c =
        resolve(
            edited("a", "Ann A", Optional.of(NOON)),
            edited("b", "Ann B", Optional.of(NOON.plusSeconds(600))));

    assertThat(c.winner()).isEqualTo("b");
    assertThat(c.rule()).isEqualTo("last-write-wins");
  }

  @Test
  void anEndpointThatCannotDateItsChangeDoesNotWinByTheRunsClock() {
    // Before, the undated change was dated "now" and always won, however old it was.
    Conflict c =
        resolve(edited("a", "Ann A", Optional.empty()), edited("b", "Ann B", Optional.of(NOON)));

    // The registry's priority list (a, b) settles it, and the conflict says why.
    assertThat(c.winner()).isEqualTo("a");
    assertThat(c.rule())
        .startsWith("last-write-wins undecided")
        .contains("a cannot date its change")
        .endsWith("source-priority");
  }

  @Test
  void changesWithinAMinuteAreNotOrderedByTime() {
    // Notion dates to the minute: 12:00 may stand for an edit made after b's at 12:00:40.
    Conflict c =
        resolve(
            edited("a", "Ann A", Optional.of(NOON)),
            edited("b", "Ann B", Optional.of(NOON.plusSeconds(40))));

    assertThat(c.winner()).isEqualTo("a");
    assertThat(c.rule()).contains("within a minute").endsWith("source-priority");
  }
}
