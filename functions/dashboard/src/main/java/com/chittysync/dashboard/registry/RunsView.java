package com.chittysync.dashboard.registry;

import com.chittysync.sync.state.Overview;
import java.util.List;
import java.util.Optional;

/**
 * The Runs tab: one page of runs and the filter.
 *
 * @param status the status filter, empty for any
 * @param from the date filter ({@code yyyy-mm-dd}, UTC), empty for none
 * @param older the query string of the next (older) page, when there is one
 */
public record RunsView(
    String registry, List<Overview.Run> runs, String status, String from, Optional<String> older) {}
