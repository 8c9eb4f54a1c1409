package com.chittysync.sync.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What runs hand to people, seen from the people's side: field conflicts of the manual strategy,
 * deletes held for approval, and records quarantined by validation. Runs fill these queues ({@link
 * PlanReview}); decisions taken here are carried out by the next sync.
 */
public interface ReviewQueue {
  /**
   * A conflict waiting for a decision.
   *
   * @param id its number, which {@link #resolveConflict} takes
   * @param baseValue the last synced value as JSON text ({@code null} when the field had none)
   * @param candidates each endpoint's value as JSON text, as the store renders it
   */
  record OpenConflict(
      long id,
      String registry,
      String recordKey,
      String field,
      String baseValue,
      String candidates) {}

  /**
   * A delete waiting for approval.
   *
   * @param id its number, which {@link #decideDelete} takes
   * @param sourceEndpoint where the record went missing
   * @param reason why it is held: the policy holds every delete, or the delete guard tripped
   */
  record HeldDelete(
      long id,
      String registry,
      String recordKey,
      String sourceEndpoint,
      String reason,
      Instant createdAt) {}

  /** Picks the value that resolves a conflict, from its candidates. */
  @FunctionalInterface
  interface Choice {
    /**
     * The value to keep. Called with the conflict locked, before anything changes; may throw to
     * refuse (a value that is not storable, an endpoint that is not a candidate), which leaves the
     * conflict open.
     *
     * @param candidates each endpoint's value, by endpoint name
     */
    JsonNode choose(JsonNode candidates);
  }

  /**
   * The open conflicts, of {@code registry} or of every registry, oldest first. A snapshot: a
   * conflict opened or resolved while it is read may or may not be in it.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  List<OpenConflict> openConflicts(Optional<String> registry);

  /**
   * Resolves open conflict {@code id} to what {@code choice} picks, recording {@code by}; the next
   * sync writes the value everywhere. In one transaction holding the conflict's row: of two
   * concurrent resolutions, the second finds the conflict no longer open.
   *
   * @return the value kept
   * @throws com.chittysync.core.ChittySyncException {@code input.malformed} when there is no open
   *     conflict {@code id}; whatever {@code choice} throws; {@code database.unavailable} or {@code
   *     database.error}. Nothing changes in any of these cases.
   */
  JsonNode resolveConflict(long id, Choice choice, String by);

  /**
   * The held deletes, of {@code registry} or of every registry, oldest first.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  List<HeldDelete> heldDeletes(Optional<String> registry);

  /**
   * How many deletes of {@code registry} wait for approval.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  int heldDeleteCount(String registry);

  /**
   * Decides held delete {@code id}, recording {@code by} and when. Atomic: a delete is decided
   * once; a second decision finds it no longer held.
   *
   * @return false, changing nothing, when there is no held delete {@code id} (never held, or
   *     decided or settled already)
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  boolean decideDelete(long id, DeleteDecision decision, String by);

  /**
   * Decides the held deletes {@code ids} of {@code registry} together, all or none: when not every
   * one of them is still held in {@code registry}, or their number is not {@code expected} (what
   * the person confirmed), nothing changes and this throws.
   *
   * @return how many were decided: {@code expected}
   * @throws com.chittysync.core.ChittySyncException {@code input.malformed} naming how many are
   *     still held when the selection changed; {@code database.unavailable} or {@code
   *     database.error}
   */
  int decideDeletes(
      String registry, Set<Long> ids, DeleteDecision decision, String by, int expected);

  /**
   * How many validation reports quarantined record {@code recordKey} of {@code registry}, over all
   * runs.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  int validationReportCount(String registry, String recordKey);
}
