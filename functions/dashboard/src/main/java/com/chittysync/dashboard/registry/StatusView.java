package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.fleet.FleetRow;
import com.chittysync.sync.state.Overview;
import java.util.List;

/** The Status tab: the registry's row, its endpoints, and its last runs as a chart. */
public record StatusView(FleetRow row, List<Overview.Endpoint> endpoints, RunChart chart) {}
