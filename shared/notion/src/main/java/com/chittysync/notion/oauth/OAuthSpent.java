package com.chittysync.notion.oauth;

import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * The OAuth tickets and states already used ({@code chittysync.oauth_spent}): each is good once.
 * Rows are kept until the value they name has expired anyway, then cleared.
 */
public final class OAuthSpent {
  private final Database database;

  public OAuthSpent(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Spends {@code nonce}, which is valid until {@code expiresAt}: true the first time, false after.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  public boolean spend(String nonce, Instant expiresAt) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement clear =
              c.prepareStatement("DELETE FROM chittysync.oauth_spent WHERE expires_at < now()")) {
            clear.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.oauth_spent (nonce, expires_at) VALUES (?, ?)"
                      + " ON CONFLICT (nonce) DO NOTHING")) {
            ps.setString(1, nonce);
            ps.setTimestamp(2, Timestamp.from(expiresAt));
            return ps.executeUpdate() == 1;
          }
        });
  }
}
