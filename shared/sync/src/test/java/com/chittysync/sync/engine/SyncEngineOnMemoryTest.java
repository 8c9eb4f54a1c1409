package com.chittysync.sync.engine;

import static com.chittysync.sync.engine.SyncEngineTest.VALID;
import static com.chittysync.sync.engine.SyncEngineTest.person;
import static com.chittysync.sync.engine.SyncEngineTest.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.ReviewQueue;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.RunStatus;
import com.chittysync.sync.state.memory.MemoryPlanStates;
import com.chittysync.sync.state.memory.MemoryReviewQueue;
import com.chittysync.sync.state.memory.MemoryRunLog;
import com.chittysync.sync.state.memory.MemoryState;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cycle on the in-memory state: merge, plan, apply, crash recovery, held deletes and conflicts,
 * with no database. {@link SyncEngineTest} runs the same cycle on PostgreSQL.
 */
class SyncEngineOnMemoryTest {
  private final MemoryState memory = new MemoryState();
  private final EngineState state = EngineState.memory(memory);
  private final SyncEngine engine = new SyncEngine(state, Clock.systemUTC());
  private final ReviewQueue review = new MemoryReviewQueue(memory);
  private final MemoryEndpoint a = new MemoryEndpoint("a");
  private final MemoryEndpoint b = new MemoryEndpoint("b");

  private SyncEngine.Result sync(RegistryConfig registry, boolean dryRun) {
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", a);
    endpoints.put("b", b);
    return engine.run(
        registry,
        endpoints,
        VALID,
        new SyncEngine.Options(dryRun, true, "test", "test-holder"),
        s -> {});
  }

  private SyncEngine.Result sync() {
    return sync(
        registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE), false);
  }

  private long opEntries() {
    return memory.audited().stream().map(AuditRecord::type).filter("sync.op"::equals).count();
  }

  /** The ops the audit log says took effect, as endpoint/key/op: each at most once. */
  private List<String> auditedOps() {
    return memory.audited().stream()
        .filter(e -> e.type().equals("sync.op"))
        .map(e -> e.body().get("endpoint").asText() + "/" + e.body().get("key").asText())
        .toList();
  }

  @Test
  void firstSyncCopiesEverythingAndASecondPlansNothing() {
    for (int i = 0; i < 5; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    b.data.put("P9", person("P9", "only-b", null));
    SyncEngine.Result first = sync();
    assertThat(first.converged()).isTrue();
    assertThat(b.data).isEqualTo(a.data).hasSize(6);
    assertThat(first.applied().orElseThrow().applied()).isEqualTo(6);
    assertThat(opEntries()).isEqualTo(6);
    SyncEngine.Result second = sync();
    assertThat(second.plan().opCount()).isZero();
    assertThat(second.converged()).isTrue();
    assertThat(opEntries()).isEqualTo(6);
    assertThat(new MemoryPlanStates(memory).state(second.plan().planId()).orElseThrow().status())
        .isEqualTo(PlanStatus.APPLIED);
    assertThat(new MemoryRunLog(memory).recentRuns(Optional.of("people"), 1))
        .singleElement()
        .extracting(RunLog.RunSummary::kind, RunLog.RunSummary::status)
        .containsExactly(RunKind.SYNC, RunStatus.CONVERGED);
  }

  @Test
  void anApplyPastItsDeadlineStopsBetweenBatchesAndTheNextPartsApplyTheRestOnce() {
    for (int i = 0; i < 7; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    RegistryConfig registry =
        registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE);
    UUID plan = sync(registry, true).plan().planId();
    Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    endpoints.put("a", a);
    endpoints.put("b", b);

    // Every part's deadline has passed: each applies one batch (two ops) and hands over.
    List<Integer> pending = new ArrayList<>();
    Applier.Outcome part;
    do {
      try (Lease lease = Lease.acquire(state.leases(), "people", "part-" + pending.size())) {
        part =
            new Applier(state)
                .apply(
                    plan,
                    registry,
                    endpoints,
                    lease,
                    Deadline.at(Instant.EPOCH, Clock.systemUTC()));
      }
      pending.add(part.pending());
      assertThat(pending).hasSizeLessThan(10);
    } while (!part.complete());

    assertThat(pending).containsExactly(5, 3, 1, 0);
    assertThat(b.data).isEqualTo(a.data).hasSize(7);
    assertThat(auditedOps()).hasSize(7).doesNotHaveDuplicates();
    assertThat(state.journal().progress(plan)).isEqualTo(new PlanJournal.Progress(7, 7, 0, 0));
    assertThat(new MemoryPlanStates(memory).state(plan).orElseThrow().status())
        .isEqualTo(PlanStatus.APPLIED);
  }

  @Test
  void firstSyncMatchesExistingRecordsByKeyInsteadOfDuplicating() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann", "ann@x.org"));
    assertThat(sync().plan().opCount()).isZero();
    assertThat(b.data).hasSize(1);
  }

  @Test
  void editsOnBothSidesMergeFieldByField() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    sync();
    a.data.put("P1", person("P1", "Ann Lee", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann", "ann.lee@x.org"));
    sync();
    assertThat(a.data.get("P1")).isEqualTo(person("P1", "Ann Lee", "ann.lee@x.org"));
    assertThat(b.data.get("P1")).isEqualTo(a.data.get("P1"));
    assertThat(sync().plan().opCount()).isZero();
  }

  @Test
  void aFieldOneEndpointDoesNotMapIsNeitherErasedNorWrittenThere() {
    RegistryConfig registry =
        registry(
            RegistryConfig.Conflict.LAST_WRITE_WINS,
            RegistryConfig.Deletes.PROPAGATE,
            Map.of("a", List.of("id", "name", "email"), "b", List.of("id", "name")));
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    b.data.put("P2", person("P2", "Bo", null));
    assertThat(sync(registry, false).converged()).isTrue();
    assertThat(b.data.get("P1")).isEqualTo(person("P1", "Ann", null));
    b.data.put("P1", person("P1", "Ann Lee", null));
    sync(registry, false);
    assertThat(a.data.get("P1")).isEqualTo(person("P1", "Ann Lee", "ann@x.org"));
    SyncEngine.Result quiet = sync(registry, false);
    assertThat(quiet.plan().opCount()).as(quiet.plan().ops().toString()).isZero();
  }

  @Test
  void dryRunChangesNothingAnywhere() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    SyncEngine.Result plan =
        sync(
            registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE),
            true);
    assertThat(plan.plan().opCount()).isEqualTo(1);
    assertThat(b.data).isEmpty();
    assertThat(state.canonical().baseHashes("people")).isEmpty();
    assertThat(state.snapshots().snapshotHashes("people", "a")).isEmpty();
    assertThat(memory.audited()).isEmpty();
    // The dry run's plan is applied later, as stored.
    try (Lease lease = Lease.acquire(state.leases(), "people", "applier")) {
      Map<String, Endpoint> endpoints = new LinkedHashMap<>();
      endpoints.put("a", a);
      endpoints.put("b", b);
      new Applier(state)
          .apply(
              plan.plan().planId(),
              registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.PROPAGATE),
              endpoints,
              lease);
    }
    assertThat(b.data).isEqualTo(a.data);
    assertThat(sync().plan().opCount()).isZero();
  }

  @Test
  void crashMidApplyIsFinishedByTheNextRunWithoutDuplicates() {
    for (int i = 0; i < 5; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    b.crashAfterWrites = 3;
    assertThatThrownBy(this::sync).hasMessageContaining("simulated crash");
    assertThat(b.data).hasSize(3);
    assertThat(state.journal().unfinishedPlans("people")).hasSize(1);
    SyncEngine.Result rerun = sync();
    assertThat(b.data).isEqualTo(a.data).hasSize(5);
    assertThat(rerun.converged()).isTrue();
    assertThat(state.journal().unfinishedPlans("people")).isEmpty();
    // One audit entry per op that took effect: none lost, none twice.
    assertThat(auditedOps()).hasSize(5).doesNotHaveDuplicates();
    assertThat(sync().plan().opCount()).isZero();
  }

  @Test
  void crashAfterSomeBatchesOfAnEditIsFinishedWithNoLossAndNoDuplicate() {
    for (int i = 0; i < 7; i++) {
      a.data.put("P" + i, person("P" + i, "n" + i, "p" + i + "@x.org"));
    }
    sync();
    long before = opEntries();
    // Edits on both sides; b takes batches of two and dies during its third.
    for (int i = 0; i < 7; i++) {
      a.data.put("P" + i, person("P" + i, "edited" + i, "p" + i + "@x.org"));
    }
    b.data.put("P0", person("P0", "n0", "zero@x.org"));
    b.crashAfterWrites = b.writes + 5;
    assertThatThrownBy(this::sync).hasMessageContaining("simulated crash");
    assertThat(state.journal().unfinishedPlans("people")).hasSize(1);
    assertThat(
            state
                .journal()
                .endpointsWithPendingOps(state.journal().unfinishedPlans("people").get(0)))
        .containsExactly("b");
    SyncEngine.Result rerun = sync();
    assertThat(rerun.converged()).isTrue();
    assertThat(b.data).isEqualTo(a.data).hasSize(7);
    assertThat(a.data.get("P0")).isEqualTo(person("P0", "edited0", "zero@x.org"));
    assertThat(b.data.get("P3")).isEqualTo(person("P3", "edited3", "p3@x.org"));
    // 7 updates to b and 1 to a: each audited once, though b's in-flight batch ran twice.
    assertThat(auditedOps().subList((int) before, auditedOps().size()))
        .hasSize(8)
        .doesNotHaveDuplicates();
    assertThat(sync().plan().opCount()).isZero();
  }

  @Test
  void invalidRecordsAreQuarantinedAndTheRestSyncs() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "not-an-email"));
    SyncEngine.Result result = sync();
    assertThat(b.data).containsOnlyKeys("P1");
    assertThat(result.converged()).isFalse();
    assertThat(review.validationReportCount("people", "P2")).isEqualTo(1);
    assertThat(state.review().keysAwaitingPeople("people")).containsExactly("P2");
  }

  @Test
  void deletesPropagateOrAreHeldForApproval() {
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    a.data.put("P2", person("P2", "Bob", "bob@x.org"));
    a.data.put("P3", person("P3", "Cy", "cy@x.org"));
    sync();
    a.data.remove("P1");
    sync();
    assertThat(b.data).doesNotContainKey("P1");

    RegistryConfig hold =
        registry(RegistryConfig.Conflict.LAST_WRITE_WINS, RegistryConfig.Deletes.HOLD);
    a.data.remove("P2");
    SyncEngine.Result held = sync(hold, false);
    assertThat(b.data).containsKey("P2");
    assertThat(held.plan().heldDeletes()).extracting(Resolution::key).containsExactly("P2");
    List<ReviewQueue.HeldDelete> waiting = review.heldDeletes(Optional.of("people"));
    assertThat(waiting).extracting(ReviewQueue.HeldDelete::recordKey).containsExactly("P2");
    assertThat(review.decideDelete(waiting.get(0).id(), DeleteDecision.APPROVED, "me")).isTrue();
    sync(hold, false);
    assertThat(b.data).doesNotContainKey("P2");
    assertThat(state.review().deleteDecisions("people")).isEmpty();
    assertThat(state.review().keysAwaitingPeople("people")).isEmpty();
  }

  @Test
  void deleteGuardHoldsMassDeletes() {
    for (int i = 0; i < 4; i++) {
      a.data.put("P" + i, person("P" + i, "n", "p@x.org"));
    }
    sync();
    a.data.clear();
    SyncEngine.Result result = sync();
    assertThat(b.data).hasSize(4);
    assertThat(result.plan().heldDeletes()).hasSize(4);
  }

  @Test
  void manualConflictsWaitForADecision() {
    RegistryConfig manual =
        registry(RegistryConfig.Conflict.MANUAL, RegistryConfig.Deletes.PROPAGATE);
    a.data.put("P1", person("P1", "Ann", "ann@x.org"));
    sync(manual, false);
    a.data.put("P1", person("P1", "Ann A", "ann@x.org"));
    b.data.put("P1", person("P1", "Ann B", "ann@x.org"));
    SyncEngine.Result held = sync(manual, false);
    assertThat(held.converged()).isFalse();
    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann A");
    assertThat(b.data.get("P1").get("name").asText()).isEqualTo("Ann B");
    List<ReviewQueue.OpenConflict> open = review.openConflicts(Optional.of("people"));
    assertThat(open).extracting(ReviewQueue.OpenConflict::field).containsExactly("name");
    review.resolveConflict(
        open.get(0).id(), c -> JsonNodeFactory.instance.textNode("Ann Decided"), "me");
    sync(manual, false);
    assertThat(a.data.get("P1").get("name").asText()).isEqualTo("Ann Decided");
    assertThat(b.data.get("P1")).isEqualTo(a.data.get("P1"));
    assertThat(sync(manual, false).plan().opCount()).isZero();
    assertThat(state.review().decisions("people")).isEmpty();
  }

  @Test
  void aSecondConcurrentRunIsRefusedNamingTheHolder() {
    try (Lease held = Lease.acquire(state.leases(), "people", "other-host/pid 42")) {
      assertThatThrownBy(this::sync)
          .isInstanceOf(LeaseHeldException.class)
          .hasMessageContaining("other-host/pid 42");
    }
  }
}
