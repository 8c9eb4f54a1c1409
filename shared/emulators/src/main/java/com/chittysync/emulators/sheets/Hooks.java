package com.chittysync.emulators.sheets;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One-shot actions run just before a matching request is served: how tests make a person edit the
 * sheet between two of the connector's requests.
 */
final class Hooks {
  private record Hook(Predicate<RecordedRequest> when, Runnable action) {}

  private final List<Hook> pending = new ArrayList<>();

  synchronized void add(Predicate<RecordedRequest> when, Runnable action) {
    pending.add(new Hook(when, action));
  }

  /** Runs (and forgets) every hook that matches, in the order they were added. */
  void fire(RecordedRequest req) {
    List<Runnable> due = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Hook> it = pending.iterator(); it.hasNext(); ) {
        Hook h = it.next();
        if (h.when().test(req)) {
          it.remove();
          due.add(h.action());
        }
      }
    }
    due.forEach(Runnable::run);
  }
}
