/**
 * The deployed sync pipeline: EventBridge carries {@code SyncRequested} (from the schedule, the
 * Notion webhook or a person) to the diff service, which stores a plan and announces it with {@code
 * PlanReady}; the apply service applies that plan once and announces {@code SyncCompleted}.
 *
 * <p>EventBridge delivers at least once and in no particular order. Duplicates and late events are
 * harmless by construction: a plan is applied under the registry's lease and its journal, a plan
 * that was applied is not applied again, and a plan that a newer one superseded is never applied.
 */
package com.chittysync.pipeline;
