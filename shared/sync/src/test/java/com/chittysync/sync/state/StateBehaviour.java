package com.chittysync.sync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.engine.OpStatus;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the state interfaces guarantees, as their Javadoc states it. Run
 * against the in-memory state, the JDBC state on PostgreSQL, and the JDBC state through PgBouncer
 * in transaction mode: one suite, so the in-memory state engine tests rely on behaves as the
 * database does.
 */
abstract class StateBehaviour {
  /**
   * A fresh, empty state and the writes runs make, which the interfaces under test only read: a
   * test stages with these what a sync would have left.
   */
  interface Subject extends AutoCloseable {
    Leases leases();

    RegistryRows registries();

    ReviewQueue review();

    RunLog runs();

    PlanStates plans();

    SnapshotLookup snapshots();

    StateAdmin admin();

    /** The engine's state on the same store (journal, snapshots, canonical records, ...). */
    EngineState engine();

    /** How many audit entries the engine's state appended. */
    long auditSize();

    UUID startRun(String registry, RunKind kind, String trigger, Instant startedAt);

    void finishRun(UUID runId, RunStatus status, JsonNode counts, Optional<String> error);

    void storePlan(UUID planId, String registry, PlanStatus status);

    long openConflict(
        String registry, String recordKey, String field, JsonNode baseValue, JsonNode candidates);

    long holdDelete(String registry, String recordKey, String sourceEndpoint, String reason);

    void reportInvalid(String registry, String recordKey);

    void putSnapshot(String registry, String endpoint, String recordKey, Optional<String> remoteId);

    @Override
    void close();
  }

  /** A fresh, empty state. */
  abstract Subject open();

  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration SHORT_TTL = Duration.ofMillis(800);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final RegistryRows.Schedule HOURLY =
      last -> Optional.of(last.plus(Duration.ofHours(1)));

  Subject state;

  @BeforeEach
  void openState() {
    state = open();
  }

  @AfterEach
  void closeState() {
    state.close();
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Runs {@code n} copies of {@code work} released at once; returns their results. */
  private static <T> List<T> atOnce(int n, Callable<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return work.call();
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  // Leases

  @Test
  void convergedSinceIsTheLastConvergedRunsEndOrElseTheFirstRunsStart() {
    RegistryRows rows = state.registries();
    rows.ensure("people");
    assertThat(rows.convergedSince("people")).as("never ran").isEmpty();

    UUID failed = state.startRun("people", RunKind.SYNC, "schedule", T0);
    state.finishRun(failed, RunStatus.FAILED, json("{}"), Optional.of("boom"));
    assertThat(rows.convergedSince("people")).as("trying since its first run").contains(T0);

    UUID converged = state.startRun("people", RunKind.SYNC, "schedule", T0.plusSeconds(60));
    state.finishRun(converged, RunStatus.CONVERGED, json("{}"), Optional.empty());
    assertThat(rows.convergedSince("people")).get().matches(t -> t.isAfter(T0.plusSeconds(59)));
    assertThat(rows.convergedSince("other")).isEmpty();
  }

  @Test
  void aFreeLeaseIsGrantedWithAFencingToken() {
    Leases.Acquisition got = state.leases().acquire("people", "host-a/pid 1", TTL);

    assertThat(got).isInstanceOf(Leases.Granted.class);
    assertThat(((Leases.Granted) got).token()).isNotNull();
  }

  @Test
  void aHeldLeaseIsRefusedNamingItsHolderAndWhenItExpiresToTheSecond() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    state.leases().acquire("people", "host-a/pid 1", TTL);

    Leases.Acquisition got = state.leases().acquire("people", "host-b/pid 2", TTL);

    assertThat(got).isInstanceOf(Leases.Refused.class);
    Leases.Holder holder = ((Leases.Refused) got).current().orElseThrow();
    assertThat(holder.holder()).isEqualTo("host-a/pid 1");
    assertThat(holder.expiresAt().getNano()).isZero();
    assertThat(holder.expiresAt())
        .isBetween(before.plus(TTL).minusSeconds(5), Instant.now().plus(TTL).plusSeconds(5));
  }

  @Test
  void leasesOfDifferentRegistriesDoNotExcludeEachOther() {
    state.leases().acquire("people", "a", TTL);

    assertThat(state.leases().acquire("teams", "b", TTL)).isInstanceOf(Leases.Granted.class);
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsOldTokenNeitherRenewsNorReleases() throws Exception {
    UUID old = ((Leases.Granted) state.leases().acquire("people", "a", SHORT_TTL)).token();
    Thread.sleep(SHORT_TTL.toMillis() * 2);

    Leases.Acquisition got = state.leases().acquire("people", "b", TTL);

    assertThat(got).isInstanceOf(Leases.Granted.class);
    assertThat(state.leases().renew("people", old, TTL)).isFalse();
    state.leases().release("people", old);
    assertThat(state.leases().acquire("people", "c", TTL)).isInstanceOf(Leases.Refused.class);
  }

  @Test
  void renewingWithTheTokenKeepsTheLeasePastItsFirstExpiry() throws Exception {
    UUID token = ((Leases.Granted) state.leases().acquire("people", "a", SHORT_TTL)).token();

    assertThat(state.leases().renew("people", token, TTL)).isTrue();
    Thread.sleep(SHORT_TTL.toMillis() * 2);

    assertThat(state.leases().acquire("people", "b", TTL)).isInstanceOf(Leases.Refused.class);
  }

  @Test
  void releasingWithTheTokenFreesTheLeaseAndWithAnotherTokenDoesNothing() {
    UUID token = ((Leases.Granted) state.leases().acquire("people", "a", TTL)).token();

    state.leases().release("people", UUID.randomUUID());
    assertThat(state.leases().acquire("people", "b", TTL)).isInstanceOf(Leases.Refused.class);

    state.leases().release("people", token);
    state.leases().release("people", token);
    assertThat(state.leases().acquire("people", "b", TTL)).isInstanceOf(Leases.Granted.class);
    assertThat(state.leases().renew("people", token, TTL)).isFalse();
  }

  @Test
  void ofConcurrentAcquisitionsExactlyOneIsGranted() throws Exception {
    List<Leases.Acquisition> got =
        atOnce(6, () -> state.leases().acquire("people", Thread.currentThread().getName(), TTL));

    assertThat(got).filteredOn(a -> a instanceof Leases.Granted).hasSize(1);
  }

  // Registry rows and schedule claims

  @Test
  void ensuringARegistryTwiceIsHarmless() {
    state.registries().ensure("people");
    state.registries().ensure("people");

    assertThat(state.registries().claimSchedule("people", T0, HOURLY)).isPresent();
  }

  @Test
  void aRegistryNeverRunNorRequestedIsDueOnceAndNotAgainBeforeItsScheduleFires() {
    Optional<RegistryRows.Claim> first = state.registries().claimSchedule("people", T0, HOURLY);

    assertThat(first).contains(new RegistryRows.Claim(Optional.empty()));
    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(3599), HOURLY)).isEmpty();
  }

  @Test
  void aRegistryIsDueAgainWhenItsScheduleFiresAfterTheLastRequestAtOrBeforeNow() {
    state.registries().claimSchedule("people", T0, HOURLY);

    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(3600), HOURLY))
        .contains(new RegistryRows.Claim(Optional.of(T0)));
  }

  @Test
  void aRunStartedAfterTheLastRequestCountsFromItsStart() {
    state.registries().claimSchedule("people", T0, HOURLY);
    state.startRun("people", RunKind.SYNC, "cli", T0.plus(Duration.ofMinutes(30)));

    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(3600), HOURLY)).isEmpty();
    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(5400), HOURLY))
        .isPresent();
  }

  @Test
  void aRegistryOnlyRunBeforeIsDueFromItsLastRun() {
    state.startRun("people", RunKind.SYNC, "cli", T0);

    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(60), HOURLY)).isEmpty();
    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(3600), HOURLY))
        .contains(new RegistryRows.Claim(Optional.empty()));
  }

  @Test
  void aScheduleThatNeverFiresAgainIsNeverDue() {
    state.registries().claimSchedule("people", T0, HOURLY);

    assertThat(
            state
                .registries()
                .claimSchedule("people", T0.plus(Duration.ofDays(9)), l -> Optional.empty()))
        .isEmpty();
  }

  @Test
  void givingAClaimBackRestoresTheRequestItReplaced() {
    state.registries().claimSchedule("people", T0, HOURLY);
    RegistryRows.Claim second =
        state.registries().claimSchedule("people", T0.plusSeconds(3600), HOURLY).orElseThrow();

    state.registries().giveBack("people", second);

    assertThat(state.registries().claimSchedule("people", T0.plusSeconds(3600), HOURLY))
        .contains(new RegistryRows.Claim(Optional.of(T0)));
  }

  @Test
  void givingBackTheFirstClaimMakesTheRegistryDueAsIfNeverRequested() {
    RegistryRows.Claim first = state.registries().claimSchedule("people", T0, HOURLY).orElseThrow();

    state.registries().giveBack("people", first);

    assertThat(state.registries().claimSchedule("people", T0, HOURLY))
        .contains(new RegistryRows.Claim(Optional.empty()));
  }

  @Test
  void ofConcurrentClaimsOfOneFiringExactlyOneSucceeds() throws Exception {
    state.registries().claimSchedule("people", T0, HOURLY);
    Instant due = T0.plusSeconds(3600);

    List<Optional<RegistryRows.Claim>> got =
        atOnce(6, () -> state.registries().claimSchedule("people", due, HOURLY));

    assertThat(got).filteredOn(Optional::isPresent).hasSize(1);
  }

  // Review queue

  @Test
  void openConflictsAreListedOldestFirstAndFilteredByRegistry() {
    long a =
        state.openConflict(
            "people",
            "p1",
            "name",
            new TextNode("Ann"),
            json("{\"crm\":\"Anne\",\"hr\":\"Ann B\"}"));
    long b = state.openConflict("teams", "t1", "title", null, json("{\"crm\":\"X\"}"));
    long c = state.openConflict("people", "p2", "email", new TextNode("x@y"), json("{\"hr\":1}"));

    List<ReviewQueue.OpenConflict> all = state.review().openConflicts(Optional.empty());
    List<ReviewQueue.OpenConflict> people = state.review().openConflicts(Optional.of("people"));

    assertThat(all).extracting(ReviewQueue.OpenConflict::id).containsExactly(a, b, c);
    assertThat(people).extracting(ReviewQueue.OpenConflict::id).containsExactly(a, c);
    ReviewQueue.OpenConflict first = people.get(0);
    assertThat(first.registry()).isEqualTo("people");
    assertThat(first.recordKey()).isEqualTo("p1");
    assertThat(first.field()).isEqualTo("name");
    assertThat(json(first.baseValue())).isEqualTo(new TextNode("Ann"));
    assertThat(json(first.candidates())).isEqualTo(json("{\"crm\":\"Anne\",\"hr\":\"Ann B\"}"));
    assertThat(all.get(1).baseValue()).isNull();
  }

  @Test
  void resolvingAConflictKeepsTheChosenValueAndClosesIt() {
    long id =
        state.openConflict("people", "p1", "name", null, json("{\"crm\":\"Anne\",\"hr\":\"Ann\"}"));
    List<JsonNode> seen = new ArrayList<>();

    JsonNode kept =
        state
            .review()
            .resolveConflict(
                id,
                candidates -> {
                  seen.add(candidates);
                  return candidates.get("hr");
                },
                "ops@example.com");

    assertThat(kept).isEqualTo(new TextNode("Ann"));
    assertThat(seen).containsExactly(json("{\"crm\":\"Anne\",\"hr\":\"Ann\"}"));
    assertThat(state.review().openConflicts(Optional.empty())).isEmpty();
    assertThatThrownBy(() -> state.review().resolveConflict(id, c -> c.get("crm"), "someone"))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("there is no open conflict #" + id)
        .extracting(e -> ((ChittySyncException) e).code())
        .isEqualTo(ErrorCode.MALFORMED_INPUT);
  }

  @Test
  void aChoiceThatRefusesLeavesTheConflictOpen() {
    long id = state.openConflict("people", "p1", "name", null, json("{\"crm\":\"Anne\"}"));

    assertThatThrownBy(
            () ->
                state
                    .review()
                    .resolveConflict(
                        id,
                        c -> {
                          throw new ChittySyncException(
                              ErrorCode.MALFORMED_INPUT, "no such endpoint");
                        },
                        "someone"))
        .hasMessage("no such endpoint");

    assertThat(state.review().openConflicts(Optional.empty()))
        .extracting(ReviewQueue.OpenConflict::id)
        .containsExactly(id);
  }

  @Test
  void resolvingAConflictThatDoesNotExistIsMalformedInputAndAsksNoChoice() {
    AtomicBoolean asked = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                state
                    .review()
                    .resolveConflict(
                        424242,
                        c -> {
                          asked.set(true);
                          return c;
                        },
                        "someone"))
        .isInstanceOf(ChittySyncException.class)
        .hasMessage("there is no open conflict #424242");
    assertThat(asked).isFalse();
  }

  @Test
  void ofConcurrentResolutionsOfOneConflictExactlyOneSucceeds() throws Exception {
    long id = state.openConflict("people", "p1", "name", null, json("{\"crm\":\"Anne\"}"));

    List<Boolean> got =
        atOnce(
            4,
            () -> {
              try {
                state.review().resolveConflict(id, c -> c.get("crm"), "someone");
                return true;
              } catch (ChittySyncException e) {
                return false;
              }
            });

    assertThat(got).filteredOn(b -> b).hasSize(1);
  }

  @Test
  void heldDeletesAreListedOldestFirstAndCountedPerRegistry() {
    long a = state.holdDelete("people", "p1", "crm", "policy: hold");
    long b = state.holdDelete("teams", "t1", "sheet", "delete guard: 60% of records");
    long c = state.holdDelete("people", "p2", "hr", "policy: hold");

    List<ReviewQueue.HeldDelete> people = state.review().heldDeletes(Optional.of("people"));

    assertThat(state.review().heldDeletes(Optional.empty()))
        .extracting(ReviewQueue.HeldDelete::id)
        .containsExactly(a, b, c);
    assertThat(people).extracting(ReviewQueue.HeldDelete::id).containsExactly(a, c);
    ReviewQueue.HeldDelete first = people.get(0);
    assertThat(first.recordKey()).isEqualTo("p1");
    assertThat(first.sourceEndpoint()).isEqualTo("crm");
    assertThat(first.reason()).isEqualTo("policy: hold");
    assertThat(first.createdAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(state.review().heldDeleteCount("people")).isEqualTo(2);
    assertThat(state.review().heldDeleteCount("teams")).isEqualTo(1);
    assertThat(state.review().heldDeleteCount("nobody")).isZero();
  }

  @Test
  void aHeldDeleteIsDecidedOnceAndThenLeavesTheQueue() {
    long id = state.holdDelete("people", "p1", "crm", "policy: hold");

    assertThat(state.review().decideDelete(id, DeleteDecision.APPROVED, "ops")).isTrue();
    assertThat(state.review().decideDelete(id, DeleteDecision.REJECTED, "ops")).isFalse();

    assertThat(state.review().heldDeletes(Optional.empty())).isEmpty();
    assertThat(state.review().heldDeleteCount("people")).isZero();
  }

  @Test
  void heldDeletesAreDecidedTogetherWhenTheConfirmedCountStillHolds() {
    long a = state.holdDelete("people", "p1", "crm", "policy: hold");
    long b = state.holdDelete("people", "p2", "crm", "policy: hold");

    assertThat(
            state.review().decideDeletes("people", Set.of(a, b), DeleteDecision.APPROVED, "ops", 2))
        .isEqualTo(2);

    assertThat(state.review().heldDeleteCount("people")).isZero();
  }

  @Test
  void aBulkDecisionWhoseSelectionChangedDecidesNothing() {
    long a = state.holdDelete("people", "p1", "crm", "policy: hold");
    long b = state.holdDelete("people", "p2", "crm", "policy: hold");
    long other = state.holdDelete("teams", "t1", "crm", "policy: hold");
    state.review().decideDelete(b, DeleteDecision.REJECTED, "someone else");

    // b was decided meanwhile, and `other` belongs to another registry: all or none.
    for (var ids : List.of(Set.of(a, b), Set.of(a, other))) {
      assertThatThrownBy(
              () -> state.review().decideDeletes("people", ids, DeleteDecision.APPROVED, "ops", 2))
          .hasMessageContaining("nothing was decided");
    }
    assertThatThrownBy(
            () ->
                state
                    .review()
                    .decideDeletes("people", Set.of(a), DeleteDecision.APPROVED, "ops", 3))
        .hasMessageContaining("3 confirmed");

    assertThat(state.review().heldDeletes(Optional.of("people")))
        .extracting(ReviewQueue.HeldDelete::id)
        .containsExactly(a);
  }

  @Test
  void decidingADeleteThatIsNotHeldChangesNothing() {
    long id = state.holdDelete("people", "p1", "crm", "policy: hold");

    assertThat(state.review().decideDelete(id + 1000, DeleteDecision.REJECTED, "ops")).isFalse();

    assertThat(state.review().heldDeleteCount("people")).isEqualTo(1);
  }

  @Test
  void validationReportsAreCountedPerRecordOverAllRuns() {
    state.reportInvalid("people", "p1");
    state.reportInvalid("people", "p1");
    state.reportInvalid("people", "p2");
    state.reportInvalid("teams", "p1");

    assertThat(state.review().validationReportCount("people", "p1")).isEqualTo(2);
    assertThat(state.review().validationReportCount("people", "p3")).isZero();
  }

  // Run log

  @Test
  void recentRunsAreNewestFirstFilteredByRegistryAndLimited() {
    UUID old = state.startRun("people", RunKind.SYNC, "cli", T0);
    UUID other = state.startRun("teams", RunKind.DRY_RUN, "api", T0.plusSeconds(10));
    UUID latest = state.startRun("people", RunKind.APPLY, "schedule", T0.plusSeconds(20));

    assertThat(state.runs().recentRuns(Optional.empty(), 10))
        .extracting(RunLog.RunSummary::runId)
        .containsExactly(latest, other, old);
    assertThat(state.runs().recentRuns(Optional.of("people"), 10))
        .extracting(RunLog.RunSummary::runId)
        .containsExactly(latest, old);
    assertThat(state.runs().recentRuns(Optional.empty(), 2))
        .extracting(RunLog.RunSummary::runId)
        .containsExactly(latest, other);
  }

  @Test
  void aFinishedRunShowsHowItEndedAndHowLongItTook() {
    Instant started = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    UUID id = state.startRun("people", RunKind.SYNC, "notion.webhook", started);
    state.finishRun(id, RunStatus.FAILED, json("{\"fetched\":3}"), Optional.of("boom"));

    RunLog.RunSummary run = state.runs().recentRuns(Optional.empty(), 1).get(0);

    assertThat(run.registry()).isEqualTo("people");
    assertThat(run.kind()).isEqualTo(RunKind.SYNC);
    assertThat(run.trigger()).isEqualTo("notion.webhook");
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.startedAt()).isEqualTo(started);
    assertThat(run.duration()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(60));
    assertThat(json(run.counts())).isEqualTo(json("{\"fetched\":3}"));
    assertThat(run.error()).contains("boom");
  }

  @Test
  void aRunningRunIsTimedUntilNowAndHasNoError() {
    state.startRun("people", RunKind.WRITE, "api", Instant.now().minusSeconds(3));

    RunLog.RunSummary run = state.runs().recentRuns(Optional.empty(), 1).get(0);

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.duration()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(60));
    assertThat(json(run.counts())).isEqualTo(json("{}"));
    assertThat(run.error()).isEmpty();
  }

  // Plan states

  @Test
  void aStoredPlanShowsItsRegistryAndEveryStatusItCanHave() {
    for (PlanStatus status : PlanStatus.values()) {
      UUID id = UUID.randomUUID();
      state.storePlan(id, "people", status);

      assertThat(state.plans().state(id)).contains(new PlanStates.PlanState("people", status));
    }
  }

  @Test
  void aPlanNeverStoredHasNoState() {
    assertThat(state.plans().state(UUID.randomUUID())).isEmpty();
  }

  // Snapshot lookup

  @Test
  void snapshotsGiveEveryKeyOfTheEndpointWithItsRemoteIdIfAny() {
    state.putSnapshot("people", "notion", "p1", Optional.of("page-1"));
    state.putSnapshot("people", "notion", "p2", Optional.empty());
    state.putSnapshot("people", "sheet", "p3", Optional.of("row-3"));
    state.putSnapshot("teams", "notion", "t1", Optional.of("page-9"));

    assertThat(state.snapshots().remoteIdsByKey("people", "notion"))
        .isEqualTo(Map.of("p1", Optional.of("page-1"), "p2", Optional.empty()));
  }

  @Test
  void anEndpointNeverSyncedHasNoSnapshots() {
    assertThat(state.snapshots().remoteIdsByKey("people", "notion")).isEmpty();
  }

  // State admin

  @Test
  void forgettingARegistryDropsAllItsStateAndNoOtherRegistrys() {
    Map<String, UUID> plans = new HashMap<>();
    for (String registry : List.of("people", "teams")) {
      UUID run = state.startRun(registry, RunKind.SYNC, "cli", T0);
      state.finishRun(run, RunStatus.ATTENTION, json("{}"), Optional.empty());
      plans.put(registry, UUID.randomUUID());
      state.storePlan(plans.get(registry), registry, PlanStatus.APPLIED);
      state.openConflict(registry, "k", "f", null, json("{\"a\":1}"));
      state.holdDelete(registry, "k", "a", "policy: hold");
      state.reportInvalid(registry, "k");
      state.putSnapshot(registry, "a", "k", Optional.of("r"));
      state.registries().claimSchedule(registry, T0.plusSeconds(7200), HOURLY);
      state.leases().acquire(registry, "someone", TTL);
    }

    state.admin().forget("people");

    assertThat(state.runs().recentRuns(Optional.of("people"), 10)).isEmpty();
    assertThat(state.plans().state(plans.get("people"))).isEmpty();
    assertThat(state.review().openConflicts(Optional.of("people"))).isEmpty();
    assertThat(state.review().heldDeleteCount("people")).isZero();
    assertThat(state.review().validationReportCount("people", "k")).isZero();
    assertThat(state.snapshots().remoteIdsByKey("people", "a")).isEmpty();
    assertThat(state.leases().acquire("people", "me", TTL)).isInstanceOf(Leases.Granted.class);
    assertThat(state.registries().claimSchedule("people", T0, HOURLY))
        .contains(new RegistryRows.Claim(Optional.empty()));

    // Staging a plan or a report may start runs of its own: "some" is what matters.
    assertThat(state.runs().recentRuns(Optional.of("teams"), 10)).isNotEmpty();
    assertThat(state.plans().state(plans.get("teams"))).isPresent();
    assertThat(state.review().openConflicts(Optional.of("teams"))).hasSize(1);
    assertThat(state.review().heldDeleteCount("teams")).isEqualTo(1);
    assertThat(state.review().validationReportCount("teams", "k")).isEqualTo(1);
    assertThat(state.snapshots().remoteIdsByKey("teams", "a")).hasSize(1);
    assertThat(state.leases().acquire("teams", "me", TTL)).isInstanceOf(Leases.Refused.class);
  }

  @Test
  void forgettingARegistryTheStateDoesNotKnowDoesNothing() {
    state.startRun("teams", RunKind.SYNC, "cli", T0);

    state.admin().forget("nobody");

    assertThat(state.runs().recentRuns(Optional.empty(), 10)).hasSize(1);
  }

  // The engine's state: plan journal, snapshots, canonical records, cursors, run start/finish and
  // the review bookkeeping of a plan.

  private static CanonicalRecord rec(String key, String name) {
    return new CanonicalRecord(
        key, Map.of("id", TextNode.valueOf(key), "name", TextNode.valueOf(name)));
  }

  private static Plan plan(
      UUID runId,
      Map<String, List<Op>> ops,
      List<Resolution> settled,
      List<Plan.Observation> observations,
      List<Resolution> held,
      Set<String> reviewed) {
    return new Plan(
        UUID.randomUUID(),
        "people",
        runId,
        false,
        ops,
        settled,
        observations,
        List.of(),
        held,
        List.of(),
        reviewed);
  }

  private static Resolution present(CanonicalRecord r) {
    return new Resolution(
        r.key(), Resolution.Outcome.PRESENT, Optional.of(r), List.of(), List.of());
  }

  private UUID engineRun() {
    state.engine().registries().ensure("people");
    return state.engine().runs().startRun("people", RunKind.SYNC, "test", true);
  }

  /** A plan that creates P1 at b, which a already holds as resolved. */
  private Plan createAtB(UUID runId) {
    CanonicalRecord p1 = rec("P1", "Ann");
    return plan(
        runId,
        Map.of("b", List.of(new Op.Create(1, "P1", p1))),
        List.of(present(p1)),
        List.of(new Plan.Observation("a", "P1", Optional.of("ra1"), Optional.of(p1))),
        List.of(),
        Set.of());
  }

  private static PlanJournal.Batch applied(Op op, CanonicalRecord after, boolean byHash) {
    return new PlanJournal.Batch(
        List.of(op.opNo()),
        Map.of(),
        List.of(
            new PlanJournal.SnapshotRow(
                op.key(),
                "rb-" + op.key(),
                byHash ? null : after.toJsonString(),
                after.contentHash())),
        List.of(),
        List.of(
            new AuditRecord(
                "sync.op", "engine", Json.mapper().createObjectNode().put("k", op.key()))));
  }

  @Test
  void storingAPlanSupersedesThePlannedOnesAndBeginReadsThePendingOpsOnce() {
    UUID run = engineRun();
    Plan first = createAtB(run);
    Plan second = createAtB(run);
    PlanJournal journal = state.engine().journal();
    journal.store(first, PlanStatus.PLANNED, null);
    journal.store(second, PlanStatus.PLANNED, null);
    assertThat(state.plans().state(first.planId()).orElseThrow().status())
        .isEqualTo(PlanStatus.SUPERSEDED);
    assertThatThrownBy(() -> journal.begin(first.planId(), "people", List.of("a", "b"), false))
        .isInstanceOf(ChittySyncException.class)
        .satisfies(
            e -> assertThat(((ChittySyncException) e).code()).isEqualTo(ErrorCode.SYNC_FAILED));
    assertThatThrownBy(() -> journal.begin(second.planId(), "teams", List.of("a", "b"), false))
        .isInstanceOf(ChittySyncException.class);
    PlanJournal.Begun begun = journal.begin(second.planId(), "people", List.of("a", "b"), false);
    assertThat(begun.pending().get("a")).isEmpty();
    assertThat(begun.pending().get("b")).extracting(Op::opNo).containsExactly(1);
    assertThat(begun.pending().get("b").get(0).after()).contains(rec("P1", "Ann"));
    assertThat(begun.resolvedHashes().get("P1")).isEqualTo(rec("P1", "Ann").contentHash());
    assertThat(state.plans().state(second.planId()).orElseThrow().status())
        .isEqualTo(PlanStatus.APPLYING);
    assertThat(journal.unfinishedPlans("people")).containsExactly(second.planId());
    assertThat(journal.endpointsWithPendingOps(second.planId())).containsExactly("b");
  }

  @Test
  void aRecordedBatchIsNoLongerPendingAndItsSnapshotByHashIsThePlansRecordUntilFinished() {
    UUID run = engineRun();
    Plan plan = createAtB(run);
    PlanJournal journal = state.engine().journal();
    journal.store(plan, PlanStatus.PLANNED, null);
    journal.savePositions(plan.planId(), Map.of("a", new PlanJournal.Position("c-a", true)));
    journal.begin(plan.planId(), "people", List.of("a", "b"), false);
    long audit = state.auditSize();
    Op op = plan.ops().get("b").get(0);
    journal.recordBatch(plan.planId(), "people", "b", applied(op, rec("P1", "Ann"), true));
    assertThat(state.auditSize()).isEqualTo(audit + 1);
    assertThat(journal.endpointsWithPendingOps(plan.planId())).isEmpty();
    assertThat(journal.begin(plan.planId(), "people", List.of("b"), false).pending().get("b"))
        .isEmpty();
    // While the plan applies, a snapshot kept by hash is its resolved record.
    assertThat(state.engine().snapshots().snapshots("people", "b", List.of("P1")).get("P1"))
        .isEqualTo(new Snapshots.Snapshot(Optional.of("rb-P1"), rec("P1", "Ann")));
    assertThat(state.engine().canonical().baseHashes("people")).isEmpty();

    journal.finish(plan.planId(), "people");
    assertThat(state.plans().state(plan.planId()).orElseThrow().status())
        .isEqualTo(PlanStatus.APPLIED);
    assertThat(journal.unfinishedPlans("people")).isEmpty();
    assertThat(state.engine().canonical().baseHashes("people").get("P1"))
        .isEqualTo(rec("P1", "Ann").contentHash());
    assertThat(state.engine().canonical().base("people", List.of("P1", "P2")))
        .containsOnlyKeys("P1")
        .containsEntry("P1", rec("P1", "Ann"));
    // Both endpoints' snapshots: b's from the batch, a's from the plan's observation.
    for (String endpoint : List.of("a", "b")) {
      assertThat(
              state
                  .engine()
                  .snapshots()
                  .snapshots("people", endpoint, List.of("P1"))
                  .get("P1")
                  .record())
          .isEqualTo(rec("P1", "Ann"));
      assertThat(state.engine().snapshots().snapshotHashes("people", endpoint).get("P1").hash())
          .isEqualTo(rec("P1", "Ann").contentHash());
    }
    assertThat(state.engine().snapshots().snapshotHashes("people", "a").get("P1").remoteId())
        .contains("ra1");
    Cursors.CursorState cursor = state.engine().cursors().cursors("people").get("a");
    assertThat(cursor.cursor()).contains("c-a");
    assertThat(cursor.lastFullScan()).isPresent();
  }

  @Test
  void aPlanWithAnOpThatDidNotTakeEffectIsPartialAndMovesNoCursor() {
    UUID run = engineRun();
    Plan plan = createAtB(run);
    PlanJournal journal = state.engine().journal();
    journal.store(plan, PlanStatus.PLANNED, null);
    journal.savePositions(plan.planId(), Map.of("a", new PlanJournal.Position("c-a", false)));
    journal.begin(plan.planId(), "people", List.of("b"), false);
    journal.recordBatch(
        plan.planId(),
        "people",
        "b",
        new PlanJournal.Batch(
            List.of(1),
            Map.of(1, new PlanJournal.Unsettled(OpStatus.FAILED, "refused")),
            List.of(),
            List.of(),
            List.of()));
    journal.finish(plan.planId(), "people");
    assertThat(state.plans().state(plan.planId()).orElseThrow().status())
        .isEqualTo(PlanStatus.PARTIAL);
    assertThat(state.engine().cursors().cursors("people")).isEmpty();
    assertThat(state.engine().snapshots().snapshotHashes("people", "b")).isEmpty();
    assertThat(state.engine().canonical().baseHashes("people")).containsOnlyKeys("P1");
  }

  @Test
  void savedCursorsKeepTheirLastFullScanAcrossIncrementalReads() {
    state.engine().registries().ensure("people");
    Cursors cursors = state.engine().cursors();
    cursors.saveCursor("people", "a", "1", true);
    Instant full = cursors.cursors("people").get("a").lastFullScan().orElseThrow();
    cursors.saveCursor("people", "a", "2", false);
    assertThat(cursors.cursors("people").get("a"))
        .isEqualTo(new Cursors.CursorState(Optional.of("2"), Optional.of(full)));
  }

  @Test
  void aFinishedRunIsListedWithItsStatusAndAPlanItLeftForPeopleSaysSo() {
    UUID run = engineRun();
    Plan plan = createAtB(run);
    state.engine().journal().store(plan, PlanStatus.PLANNED, null);
    state
        .engine()
        .runs()
        .finishRun(
            run, RunStatus.ATTENTION, Json.mapper().createObjectNode(), plan.planId(), null, null);
    assertThat(state.runs().recentRuns(Optional.of("people"), 5))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(RunKind.SYNC);
              assertThat(r.status()).isEqualTo(RunStatus.ATTENTION);
            });
    assertThat(state.engine().review().planLeftAttention(plan.planId())).isTrue();
    assertThat(state.engine().review().planLeftAttention(UUID.randomUUID())).isFalse();
  }

  @Test
  void aHeldDeleteWaitsForPeopleAndItsDecisionIsSpentByTheNextPlanThatLooksAtIt() {
    UUID run = engineRun();
    PlanReview review = state.engine().review();
    Resolution held =
        new Resolution(
            "P2", Resolution.Outcome.HELD_DELETE, Optional.empty(), List.of(), List.of("a"));
    review.recordAttention(plan(run, Map.of(), List.of(), List.of(), List.of(held), Set.of()));
    assertThat(review.heldDeleteKeys("people")).containsExactly("P2");
    assertThat(review.keysAwaitingPeople("people")).containsExactly("P2");
    // Held again by the next plan: still one.
    review.recordAttention(plan(run, Map.of(), List.of(), List.of(), List.of(held), Set.of("P2")));
    List<ReviewQueue.HeldDelete> waiting = state.review().heldDeletes(Optional.of("people"));
    assertThat(waiting).hasSize(1);
    state.review().decideDelete(waiting.get(0).id(), DeleteDecision.APPROVED, "me");
    assertThat(review.heldDeleteKeys("people")).isEmpty();
    assertThat(review.deleteDecisions("people"))
        .containsExactly(Map.entry("P2", DeleteDecision.APPROVED));
    review.recordAttention(plan(run, Map.of(), List.of(), List.of(), List.of(), Set.of("P2")));
    assertThat(review.deleteDecisions("people")).isEmpty();
    assertThat(review.keysAwaitingPeople("people")).isEmpty();
  }
}
