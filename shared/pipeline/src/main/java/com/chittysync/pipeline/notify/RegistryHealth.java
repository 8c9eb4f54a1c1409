package com.chittysync.pipeline.notify;

import com.chittysync.sync.state.RunStatus;
import java.util.Locale;
import java.util.Optional;

/** What a registry's latest finished run says of it, as people are told. */
public enum RegistryHealth {
  /** It converged. */
  HEALTHY,
  /** It finished, but something waits for a person (a conflict, a held delete, a failed op). */
  ATTENTION,
  /** It failed. */
  FAILING;

  /**
   * The health a run that ended {@code status} shows; empty for a run that says nothing yet
   * (running, planned for the apply function, handed over, superseded).
   */
  public static Optional<RegistryHealth> of(RunStatus status) {
    return switch (status) {
      case CONVERGED -> Optional.of(HEALTHY);
      case ATTENTION -> Optional.of(ATTENTION);
      case FAILED -> Optional.of(FAILING);
      case RUNNING, PLANNED, SUPERSEDED, HANDED_OVER -> Optional.empty();
    };
  }

  /** As stored. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The health {@code wire} names. */
  public static RegistryHealth fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
