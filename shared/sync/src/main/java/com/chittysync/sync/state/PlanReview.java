package com.chittysync.sync.state;

import com.chittysync.sync.engine.Plan;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The review queues seen from the engine's side: what a plan hands to people, and the decisions
 * people took that the next plan carries out. {@link ReviewQueue} is the people's side.
 */
public interface PlanReview {
  /**
   * Records what {@code plan} hands to people (quarantined records, held conflicts, held deletes)
   * and spends the decisions it used, closing what the endpoints settled by themselves, in one
   * transaction.
   */
  void recordAttention(Plan plan);

  /**
   * Keys of {@code registry} that wait for a person or for a person's decision to be applied: open
   * and decided conflicts, held and decided deletes, and records the last finished sync or diff
   * quarantined.
   */
  Set<String> keysAwaitingPeople(String registry);

  /** Keys of {@code registry} whose delete is held and not yet decided. */
  Set<String> heldDeleteKeys(String registry);

  /** Values people chose for held conflicts and not yet applied, by key and field. */
  Map<String, Map<String, JsonNode>> decisions(String registry);

  /** Held deletes people decided and not yet applied, by key. */
  Map<String, DeleteDecision> deleteDecisions(String registry);

  /**
   * Whether the run that made plan {@code planId} (not an apply run) ended needing people: applying
   * every op of such a plan still does not converge.
   */
  boolean planLeftAttention(UUID planId);
}
