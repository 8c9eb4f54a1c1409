package com.chittysync.sync.state;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.sync.state.memory.MemoryLeases;
import com.chittysync.sync.state.memory.MemoryPlanStates;
import com.chittysync.sync.state.memory.MemoryRegistryRows;
import com.chittysync.sync.state.memory.MemoryReviewQueue;
import com.chittysync.sync.state.memory.MemoryRunLog;
import com.chittysync.sync.state.memory.MemorySnapshotLookup;
import com.chittysync.sync.state.memory.MemoryState;
import com.chittysync.sync.state.memory.MemoryStateAdmin;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The in-memory state keeps the state interfaces' contracts, as the database does. */
class MemoryStateTest extends StateBehaviour {
  @Override
  Subject open() {
    MemoryState memory = new MemoryState();
    return new Subject() {
      @Override
      public Leases leases() {
        return new MemoryLeases(memory);
      }

      @Override
      public RegistryRows registries() {
        return new MemoryRegistryRows(memory);
      }

      @Override
      public ReviewQueue review() {
        return new MemoryReviewQueue(memory);
      }

      @Override
      public RunLog runs() {
        return new MemoryRunLog(memory);
      }

      @Override
      public PlanStates plans() {
        return new MemoryPlanStates(memory);
      }

      @Override
      public SnapshotLookup snapshots() {
        return new MemorySnapshotLookup(memory);
      }

      @Override
      public StateAdmin admin() {
        return new MemoryStateAdmin(memory);
      }

      private final EngineState engine = EngineState.memory(memory);

      @Override
      public EngineState engine() {
        return engine;
      }

      @Override
      public long auditSize() {
        return memory.audited().size();
      }

      @Override
      public UUID startRun(String registry, RunKind kind, String trigger, Instant startedAt) {
        return memory.startRun(registry, kind, trigger, startedAt);
      }

      @Override
      public void finishRun(UUID runId, RunStatus status, JsonNode counts, Optional<String> error) {
        memory.finishRun(runId, status, counts, error);
      }

      @Override
      public void storePlan(UUID planId, String registry, PlanStatus status) {
        memory.storePlan(planId, registry, status);
      }

      @Override
      public long openConflict(
          String registry,
          String recordKey,
          String field,
          JsonNode baseValue,
          JsonNode candidates) {
        return memory.openConflict(registry, recordKey, field, baseValue, candidates);
      }

      @Override
      public long holdDelete(
          String registry, String recordKey, String sourceEndpoint, String reason) {
        return memory.holdDelete(registry, recordKey, sourceEndpoint, reason);
      }

      @Override
      public void reportInvalid(String registry, String recordKey) {
        memory.reportInvalid(registry, recordKey);
      }

      @Override
      public void putSnapshot(
          String registry, String endpoint, String recordKey, Optional<String> remoteId) {
        memory.putSnapshot(registry, endpoint, recordKey, remoteId);
      }

      @Override
      public void close() {}
    };
  }
}
