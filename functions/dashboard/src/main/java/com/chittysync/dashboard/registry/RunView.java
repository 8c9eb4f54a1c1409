package com.chittysync.dashboard.registry;

import com.chittysync.sync.state.Overview;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run page: the run, its phase timings, its plan per endpoint, and every op's outcome.
 *
 * @param timings phase → milliseconds
 * @param perEndpoint endpoint → {create, update, delete} counts
 * @param outcomes status → how many ops ended so (of the ops shown)
 */
public record RunView(
    Overview.Run run,
    Map<String, Long> timings,
    Optional<Overview.Plan> plan,
    Map<String, Map<String, Long>> perEndpoint,
    Map<String, Long> outcomes,
    List<Overview.PlanOp> ops) {}
