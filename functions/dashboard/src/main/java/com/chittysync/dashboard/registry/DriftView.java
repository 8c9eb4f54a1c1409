package com.chittysync.dashboard.registry;

import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A registry's drift tab: its latest drift check, if it was ever checked.
 *
 * @param actionId the id the "check now" form carries
 */
public record DriftView(String registry, Optional<Report> last, String actionId) {
  /**
   * One drift check as recorded.
   *
   * @param differences how many differences it found in all
   * @param details the first of them (at most 500)
   * @param finishedAt empty while it runs
   * @param error why it failed, when it did
   */
  public record Report(
      UUID runId,
      RunStatus status,
      String trigger,
      Instant startedAt,
      Optional<Instant> finishedAt,
      int differences,
      List<Difference> details,
      Optional<String> error) {
    /** Whether the check found the endpoints agreeing. */
    public boolean clean() {
      return status == RunStatus.CONVERGED;
    }
  }

  /**
   * One difference: {@code field} is empty when the whole record is missing at {@code endpoint}.
   */
  public record Difference(
      String key, String endpoint, Optional<String> field, String expected, String actual) {}

  /** The view of {@code registry}'s latest drift run. */
  public static DriftView of(String registry, Optional<Overview.Run> run, String actionId) {
    return new DriftView(registry, run.map(DriftView::report), actionId);
  }

  private static Report report(Overview.Run run) {
    JsonNode counts = run.counts();
    List<Difference> details = new ArrayList<>();
    for (JsonNode d : counts.path("details")) {
      details.add(
          new Difference(
              d.path("key").asText(""),
              d.path("endpoint").asText(""),
              d.path("field").isTextual()
                  ? Optional.of(d.path("field").asText())
                  : Optional.empty(),
              d.path("expected").asText(""),
              d.path("actual").asText("")));
    }
    return new Report(
        run.runId(),
        run.status(),
        run.trigger(),
        run.startedAt(),
        run.finishedAt(),
        counts.path("differences").asInt(details.size()),
        List.copyOf(details),
        run.error());
  }

  /** The "check now" form's URL. */
  public String checkUrl() {
    return RegistryPages.url(registry, "/drift/check");
  }
}
