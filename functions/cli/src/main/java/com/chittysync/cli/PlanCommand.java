package com.chittysync.cli;

import picocli.CommandLine.Command;

/** {@code chittysync plan}: {@code sync --dry-run}. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Show and store the plan a sync would apply; change nothing (= sync --dry-run).")
final class PlanCommand extends SyncCommand {
  @Override
  boolean dryRun() {
    return true;
  }
}
