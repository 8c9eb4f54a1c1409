package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.PlanStates;
import com.chittysync.sync.state.PlanStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/** {@link PlanStates} read from {@code chittysync.plans}. */
public final class JdbcPlanStates implements PlanStates {
  private final Database database;

  public JdbcPlanStates(Database database) {
    this.database = database;
  }

  @Override
  public Optional<PlanState> state(UUID planId) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT registry, status FROM chittysync.plans WHERE plan_id = ?")) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new PlanState(rs.getString(1), PlanStatus.fromWire(rs.getString(2))))
                  : Optional.empty();
            }
          }
        });
  }
}
