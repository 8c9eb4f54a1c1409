package com.chittysync.sync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.config.RegistryConfig;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Convergence, idempotence and no lost change, over random edit histories on three endpoints. */
class MergeProperties {
  static final String[] ENDPOINTS = {"a", "b", "c"};

  /** One person's edit: at an endpoint, to a key, a field set (or the record deleted). */
  record Edit(int endpoint, int key, int field, int value, boolean delete, boolean syncAfter) {}

  @Provide
  Arbitrary<Edit> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 9).map(i -> i == 0),
            Arbitraries.integers().between(0, 4).map(i -> i == 0))
        .as(Edit::new);
  }

  @Provide
  Arbitrary<List<Edit>> histories() {
    return edits().list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<RegistryConfig.Conflict> automaticStrategies() {
    return Arbitraries.of(
        RegistryConfig.Conflict.LAST_WRITE_WINS,
        RegistryConfig.Conflict.SOURCE_PRIORITY,
        RegistryConfig.Conflict.CONTENT_HASH);
  }

  private static void play(Simulation sim, List<Edit> history) {
    for (Edit e : history) {
      String endpoint = ENDPOINTS[e.endpoint()];
      String key = "k" + e.key();
      if (e.delete()) {
        sim.delete(endpoint, key);
      } else {
        String value = e.value() == 3 ? null : e.value() == 4 ? "" : "v" + e.value();
        sim.set(endpoint, key, "f" + e.field(), value);
      }
      if (e.syncAfter()) {
        sim.sync();
      }
    }
  }

  @Property(tries = 300)
  void syncConvergesAndASecondSyncPlansNothing(
      @ForAll("histories") List<Edit> history,
      @ForAll("automaticStrategies") RegistryConfig.Conflict strategy) {
    Simulation sim = new Simulation(strategy, RegistryConfig.Deletes.PROPAGATE, ENDPOINTS);
    play(sim, history);
    sim.sync();
    assertThat(sim.converged()).as("endpoints hold the same records").isTrue();
    assertThat(sim.sync().opCount()).as("a second sync plans nothing").isZero();
    assertThat(sim.endpoints.get("a")).isEqualTo(sim.base);
  }

  @Property(tries = 200)
  void aChangeAtOneEndpointReachesEveryOther(
      @ForAll("histories") List<Edit> history,
      @ForAll("automaticStrategies") RegistryConfig.Conflict strategy) {
    Simulation sim = new Simulation(strategy, RegistryConfig.Deletes.PROPAGATE, ENDPOINTS);
    play(sim, history);
    sim.sync();
    sim.set("a", "k0", "f0", "fresh");
    sim.sync();
    for (String e : ENDPOINTS) {
      assertThat(sim.endpoints.get(e).get("k0").get("f0").asText()).isEqualTo("fresh");
    }
  }

  @Property(tries = 200)
  void anUpdateBeatsAConcurrentDelete(@ForAll("histories") List<Edit> history) {
    Simulation sim =
        new Simulation(
            RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE, ENDPOINTS);
    play(sim, history);
    sim.set("a", "k1", "f1", "kept");
    sim.sync();
    sim.delete("b", "k1");
    sim.set("c", "k1", "f2", "edited");
    sim.sync();
    for (String e : ENDPOINTS) {
      assertThat(sim.endpoints.get(e)).containsKey("k1");
      assertThat(sim.endpoints.get(e).get("k1").get("f2").asText()).isEqualTo("edited");
    }
  }

  @Property(tries = 200)
  void heldConflictsWriteNothingForTheirKeyUntilDecided(@ForAll("histories") List<Edit> history) {
    Simulation sim =
        new Simulation(RegistryConfig.Conflict.MANUAL, RegistryConfig.Deletes.PROPAGATE, ENDPOINTS);
    play(sim, history);
    sim.sync();
    sim.set("a", "k2", "f0", "from-a");
    sim.set("b", "k2", "f0", "from-b");
    var before = sim.endpoints.get("c").get("k2");
    Simulation.Cycle cycle = sim.sync();
    assertThat(cycle.resolutions())
        .anyMatch(r -> r.key().equals("k2") && r.outcome() == Resolution.Outcome.HELD_CONFLICT);
    assertThat(
            cycle.ops().values().stream().flatMap(List::stream).filter(op -> op.key().equals("k2")))
        .isEmpty();
    assertThat(sim.endpoints.get("a").get("k2").get("f0").asText()).isEqualTo("from-a");
    assertThat(sim.endpoints.get("c").get("k2")).isEqualTo(before);
  }

  /** Endpoint b read incrementally as Notion is, c holding an empty string as nothing. */
  private static Simulation scheduled(
      RegistryConfig.Conflict strategy, RegistryConfig.Deletes deletes) {
    return new Simulation(strategy, deletes, ENDPOINTS).incremental("b").lossy("c");
  }

  @Property(tries = 300)
  void scheduledSyncOfIncrementalAndLossyEndpointsConvergesInOneSync(
      @ForAll("histories") List<Edit> history,
      @ForAll("automaticStrategies") RegistryConfig.Conflict strategy) {
    Simulation sim = scheduled(strategy, RegistryConfig.Deletes.PROPAGATE);
    play(sim, history);
    sim.sync();
    assertThat(sim.converged()).as("endpoints hold the same records").isTrue();
    Simulation.Cycle quiet = sim.sync();
    assertThat(quiet.opCount()).as("a second sync plans nothing").isZero();
    assertThat(quiet.resolutions()).allMatch(r -> r.conflicts().isEmpty());
  }

  @Property(tries = 200)
  void aChangeAtAnyEndpointReachesEveryOtherInOneScheduledSync(
      @ForAll("histories") List<Edit> history,
      @ForAll("automaticStrategies") RegistryConfig.Conflict strategy,
      @ForAll @IntRange(min = 0, max = 2) int at) {
    Simulation sim = scheduled(strategy, RegistryConfig.Deletes.PROPAGATE);
    play(sim, history);
    sim.sync();
    sim.set(ENDPOINTS[at], "k0", "f0", "fresh");
    sim.sync();
    for (String e : ENDPOINTS) {
      assertThat(sim.endpoints.get(e).get("k0").get("f0").asText()).as(e).isEqualTo("fresh");
    }
    assertThat(sim.sync().opCount()).isZero();
  }

  @Property(tries = 200)
  void aDeleteAtAnyEndpointReachesEveryOtherInOneScheduledSync(
      @ForAll("histories") List<Edit> history,
      @ForAll("automaticStrategies") RegistryConfig.Conflict strategy,
      @ForAll @IntRange(min = 0, max = 2) int at) {
    Simulation sim = scheduled(strategy, RegistryConfig.Deletes.PROPAGATE);
    play(sim, history);
    sim.set("a", "k1", "f1", "kept");
    sim.sync();
    sim.delete(ENDPOINTS[at], "k1");
    sim.sync();
    for (String e : ENDPOINTS) {
      assertThat(sim.endpoints.get(e)).as(e).doesNotContainKey("k1");
    }
  }
}
