package com.chittysync.sync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Coalesced sync requests: at most one pending sync per registry, so a burst of webhook deliveries,
 * dashboard clicks or schedule ticks leaves at most one sync waiting, and none is lost.
 *
 * <p>A producer {@linkplain #request requests}: when the registry has no pending sync, one is
 * recorded and the producer puts one {@code SyncRequested} event on the bus; when it has one, the
 * request is merged into it and nothing is put. The sync of that event {@linkplain #claim claims}
 * the pending sync under the registry's lease before it reads any endpoint: everything merged until
 * then happened before the read, and a request after the claim records a new pending sync and puts
 * a new event, whose sync waits for this one.
 *
 * <p>An event always syncs, whether or not it finds something to claim (the row only decides
 * whether a producer puts another event), so a failed sync retried by Lambda loses nothing. A
 * pending sync whose event was put more than {@link #REPUBLISH_AFTER} ago is taken as lost (its
 * event went to the dead-letter queue, or its diff only finished an earlier plan), so the next
 * request puts another.
 */
public interface PendingSyncs {
  /**
   * How long a pending sync may wait for its event's sync before the next request puts another
   * event: the longest a function runs (15 minutes), so an event that waits behind one long run is
   * not doubled.
   */
  Duration REPUBLISH_AFTER = Duration.ofMinutes(15);

  /** The most page ids a pending sync keeps; past them, any page may have changed. */
  int MAX_PAGES = 1000;

  /** The most webhook event ids a pending sync keeps for the audit; later ones are counted only. */
  int MAX_EVENT_IDS = 1000;

  /**
   * One request for a sync.
   *
   * @param registry the registry
   * @param reason why ({@code schedule}, {@code notion.webhook}, {@code dashboard}...)
   * @param full whether every endpoint must be read in full
   * @param actor the person who asked, when one did
   * @param pages the pages a webhook saw change: empty when no webhook said, an empty list when any
   *     page may have changed
   * @param eventIds the webhook event ids behind it
   */
  record Request(
      String registry,
      String reason,
      boolean full,
      Optional<String> actor,
      Optional<List<String>> pages,
      List<String> eventIds) {
    public Request {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(actor, "actor");
      pages = pages.map(List::copyOf);
      eventIds = List.copyOf(eventIds);
    }

    /** A request for {@code reason} that is neither full, nor a person's, nor a webhook's. */
    public static Request of(String registry, String reason) {
      return new Request(registry, reason, false, Optional.empty(), Optional.empty(), List.of());
    }
  }

  /**
   * What a pending sync stands for: every request merged into it.
   *
   * @param registry the registry
   * @param full whether any request asked for a full read
   * @param reasons the distinct reasons, in order of arrival
   * @param actors the distinct people who asked
   * @param pages the pages webhooks saw change: empty when no webhook said, an empty list when any
   *     page may have changed (a webhook did not say which, or more than {@link #MAX_PAGES} did)
   * @param eventIds the webhook event ids, the first {@link #MAX_EVENT_IDS}
   * @param requests how many requests were merged
   * @param requestedAt when the first came
   */
  record Pending(
      String registry,
      boolean full,
      List<String> reasons,
      List<String> actors,
      Optional<List<String>> pages,
      List<String> eventIds,
      int requests,
      Instant requestedAt) {
    public Pending {
      Objects.requireNonNull(registry, "registry");
      reasons = List.copyOf(reasons);
      actors = List.copyOf(actors);
      pages = pages.map(List::copyOf);
      eventIds = List.copyOf(eventIds);
    }
  }

  /**
   * Records {@code requests} (each turned into a {@link Request} by {@code row}), and calls {@code
   * publish} with those that found no pending sync of their registry (or only one that waited past
   * {@link #REPUBLISH_AFTER}), in the order given. The others are merged into their registry's
   * pending sync and not published.
   *
   * <p>{@code publish} runs while the rows are held: a concurrent request of the same registry
   * waits, and so does a {@link #claim}, so no claim can miss a row whose event is on its way. When
   * {@code publish} throws, nothing is recorded and the exception propagates: the caller fails and
   * its retry asks again. A failure to record after a successful publish means at worst one extra
   * sync, never a lost one.
   *
   * @return the requests published
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}; then nothing was published
   */
  <T> List<T> request(List<T> requests, Function<T, Request> row, Consumer<List<T>> publish);

  /**
   * Takes {@code registry}'s pending sync, if any: the sync about to read its endpoints calls this
   * under the registry's lease, and covers what it returns. A request after this call records a new
   * pending sync.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Optional<Pending> claim(String registry);

  /**
   * Merges a claimed pending sync back, for a sync that failed after claiming it: the retry of its
   * event claims it again. Publishes nothing, and starts no new wait: the row stays as recent as
   * when it was claimed, so a retry that never comes is covered by {@link #REPUBLISH_AFTER}.
   */
  void giveBack(Pending pending);

  /**
   * Marks {@code registry}'s pending sync, if any, as having no event on its way, so the next
   * request puts one: for a diff that did not sync (it only announced an unfinished plan) and left
   * the pending sync unclaimed.
   */
  void rearm(String registry);

  /** {@code registry}'s pending sync, if any, without claiming it. */
  Optional<Pending> pending(String registry);

  /**
   * No coalescing: every request is published, nothing is ever pending. For pipelines whose bus is
   * an in-process queue (the demo, the engine's tests) built without a state database.
   */
  PendingSyncs NONE =
      new PendingSyncs() {
        @Override
        public <T> List<T> request(
            List<T> requests, Function<T, Request> row, Consumer<List<T>> publish) {
          List<T> all = new ArrayList<>(requests);
          if (!all.isEmpty()) {
            publish.accept(List.copyOf(all));
          }
          return List.copyOf(all);
        }

        @Override
        public Optional<Pending> claim(String registry) {
          return Optional.empty();
        }

        @Override
        public void giveBack(Pending pending) {}

        @Override
        public void rearm(String registry) {}

        @Override
        public Optional<Pending> pending(String registry) {
          return Optional.empty();
        }
      };
}
