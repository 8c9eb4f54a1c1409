package com.chittysync.store.budget;

import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * Request budgets in {@code chittysync.request_budgets}, shared by every process on the database: a
 * generic cell rate algorithm, where each budget's row holds the next free slot. Reserving a slot
 * is one auto-committed statement, and the caller sleeps after it, so no connection or transaction
 * is held while waiting. The wait is computed from the database's own clock (the slot and {@code
 * now()} of the same statement), so clock skew between containers does not matter.
 */
public final class PostgresRequestBudgets {
  // The first caller of a key takes now and leaves now + interval; later ones take the later of the
  // stored slot and now. RETURNING answers how far the new next slot is from now.
  private static final String RESERVE =
      "INSERT INTO chittysync.request_budgets AS b (budget_key, next_slot)"
          + " VALUES (?, now() + ? * interval '1 microsecond')"
          + " ON CONFLICT (budget_key) DO UPDATE"
          + " SET next_slot = greatest(b.next_slot, now()) + ? * interval '1 microsecond'"
          + " RETURNING (extract(epoch FROM b.next_slot - now()) * 1000000)::bigint";

  private static final String PAUSE =
      "INSERT INTO chittysync.request_budgets AS b (budget_key, next_slot)"
          + " VALUES (?, now() + ? * interval '1 microsecond')"
          + " ON CONFLICT (budget_key) DO UPDATE"
          + " SET next_slot = greatest(b.next_slot, excluded.next_slot)";

  private final Database database;

  /** Budgets in {@code database}, which must carry the {@code request_budgets} migration. */
  public PostgresRequestBudgets(Database database) {
    this.database = database;
  }

  /**
   * Blocks until the caller may send one request on {@code key}, which allows one request per
   * {@code interval} on average.
   *
   * @throws InterruptedException when interrupted while waiting; the reserved slot goes unused
   */
  public void acquire(String key, Duration interval) throws InterruptedException {
    long waitMicros = reserve(key, interval).toNanos() / 1_000;
    if (waitMicros > 0) {
      Thread.sleep(waitMicros / 1_000, (int) (waitMicros % 1_000) * 1_000);
    }
  }

  /** Reserves the next slot of {@code key}: how long from now until it comes (zero if now). */
  Duration reserve(String key, Duration interval) {
    long intervalMicros = interval.toNanos() / 1_000;
    long nextMicros =
        database.withConnection(
            c -> {
              try (PreparedStatement s = c.prepareStatement(RESERVE)) {
                s.setString(1, key);
                s.setLong(2, intervalMicros);
                s.setLong(3, intervalMicros);
                try (ResultSet rs = s.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
    return Duration.ofNanos(Math.max(0, nextMicros - intervalMicros) * 1_000);
  }

  /** Nobody on {@code key} sends for {@code duration} from now (the database's now). */
  public void pause(String key, Duration duration) {
    database.withConnection(
        c -> {
          try (PreparedStatement s = c.prepareStatement(PAUSE)) {
            s.setString(1, key);
            s.setLong(2, duration.toNanos() / 1_000);
            return s.executeUpdate();
          }
        });
  }
}
