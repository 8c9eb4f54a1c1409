package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.ops.DeadLetters;
import java.util.List;

/**
 * A registry's dead-letters tab.
 *
 * @param configured whether this deployment has dead-letter queues at all
 * @param letters the registry's events waiting (at most {@link DeadLetterRoutes#LIMIT})
 * @param redriveActionId the id the redrive form carries
 * @param syncActionId the id the "sync now" form carries
 */
public record DeadLettersView(
    String registry,
    boolean configured,
    List<DeadLetters.Letter> letters,
    String redriveActionId,
    String syncActionId) {
  /** The redrive form's URL. */
  public String redriveUrl() {
    return RegistryPages.url(registry, "/dead-letters/redrive");
  }

  /** The "sync now" form's URL. */
  public String syncUrl() {
    return RegistryPages.url(registry, "/sync");
  }
}
