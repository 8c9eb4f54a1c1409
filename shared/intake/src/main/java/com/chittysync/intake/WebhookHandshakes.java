package com.chittysync.intake;

import com.chittysync.core.config.Secret;
import com.chittysync.store.Database;
import com.chittysync.sync.schema.StorableText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Notion webhook's handshakes in PostgreSQL: the tokens handshakes brought, kept as pending
 * candidates, and the mark of the token that verified a delivery.
 *
 * <p>A handshake cannot be authenticated (Notion signs it with the token it carries), so a
 * handshake token is never trusted by itself: it waits as a candidate, bounded in number ({@value
 * #MAX_PENDING}), size ({@value #MAX_TOKEN_CHARS} characters), age ({@link #PENDING_FOR}) and
 * arrival rate ({@value #MAX_PER_MINUTE} a minute), for the operator to paste the one Notion sent
 * into Notion. The first candidate a delivery is signed with is {@linkplain #promote promoted}: the
 * mark is set, the other candidates are dropped, and from then on {@link #offer} refuses every
 * handshake until an operator {@linkplain #reset resets} on purpose. So nobody who merely knows the
 * URL can replace a working token.
 *
 * <p>Every change runs under one transaction-scoped advisory lock, so concurrent handshakes and
 * promotions see each other's effects; the bounds hold across Lambda containers.
 */
public final class WebhookHandshakes {
  /** At most this many candidates wait at once; more handshakes are refused until some expire. */
  public static final int MAX_PENDING = 5;

  /** The longest token kept. Notion's are about 50 characters. */
  public static final int MAX_TOKEN_CHARS = 200;

  /** The longest source address kept (an IPv6 address with zone fits). */
  static final int MAX_SOURCE_CHARS = 64;

  /** At most this many handshakes are taken in per minute, whatever their source. */
  public static final int MAX_PER_MINUTE = 3;

  /** How long a candidate waits for the operator. */
  public static final Duration PENDING_FOR = Duration.ofHours(1);

  /** The advisory lock key serialising changes (any stable number unique in this database). */
  private static final long LOCK = 0x6368_6974_7479_4877L;

  private final Database database;

  /** Handshakes kept in {@code database}. */
  public WebhookHandshakes(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** What {@link #offer} did with a handshake's token. */
  public enum Offer {
    /** Kept as a new candidate. */
    PENDING,
    /** The same token is already a candidate (Notion's "Resend token"): nothing changed. */
    ALREADY_PENDING,
    /** A token has verified a delivery: handshakes are refused until a reset. */
    REFUSED_VERIFIED,
    /** More than {@value #MAX_PER_MINUTE} handshakes in the last minute. */
    REFUSED_RATE,
    /** {@value #MAX_PENDING} candidates are already waiting. */
    REFUSED_FULL
  }

  /**
   * A handshake token waiting for the operator.
   *
   * @param id its number, for the operator
   * @param token the token
   * @param sourceIp where the handshake came from, when known
   * @param receivedAt when it came
   * @param expiresAt when it stops being a candidate
   */
  public record Candidate(
      long id, Secret token, Optional<String> sourceIp, Instant receivedAt, Instant expiresAt) {}

  /**
   * The mark of the token that verified a delivery.
   *
   * @param tokenSha256 the token's SHA-256, hex (never the token)
   * @param sourceIp where its handshake came from, when known
   * @param receivedAt when its handshake came, when known
   * @param verifiedAt when it first verified a delivery
   * @param eventId that delivery's event id, when known
   */
  public record Verified(
      String tokenSha256,
      Optional<String> sourceIp,
      Optional<Instant> receivedAt,
      Instant verifiedAt,
      Optional<String> eventId) {}

  /**
   * What a {@linkplain #reset reset} removed.
   *
   * @param verified the mark, if there was one
   * @param candidates how many candidates were dropped
   */
  public record Reset(Optional<Verified> verified, int candidates) {}

  /**
   * Takes in a handshake's {@code token} from {@code sourceIp} (may be null), unless a token has
   * verified a delivery or the bounds are reached.
   *
   * @throws IllegalArgumentException when the token is empty or longer than {@value
   *     #MAX_TOKEN_CHARS} characters
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}: the handshake is then refused too
   */
  public Offer offer(Secret token, String sourceIp) {
    checkSize(token);
    String source = sourceIp == null ? null : truncate(sourceIp.strip(), MAX_SOURCE_CHARS);
    return database.inTransaction(
        c -> {
          lock(c);
          if (verified(c).isPresent()) {
            return Offer.REFUSED_VERIFIED;
          }
          deleteExpired(c);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM chittysync.notion_webhook_candidates WHERE token = ?")) {
            ps.setString(1, token.reveal());
            if (ps.executeQuery().next()) {
              return Offer.ALREADY_PENDING;
            }
          }
          int recent;
          int pending;
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT count(*) FILTER (WHERE received_at > now() - interval '1 minute'),"
                          + " count(*) FROM chittysync.notion_webhook_candidates")) {
            rs.next();
            recent = rs.getInt(1);
            pending = rs.getInt(2);
          }
          if (recent >= MAX_PER_MINUTE) {
            return Offer.REFUSED_RATE;
          }
          if (pending >= MAX_PENDING) {
            return Offer.REFUSED_FULL;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.notion_webhook_candidates (token, source_ip, expires_at)"
                      + " VALUES (?, ?, now() + make_interval(secs => ?))")) {
            ps.setString(1, token.reveal());
            ps.setString(2, source);
            ps.setLong(3, PENDING_FOR.toSeconds());
            ps.executeUpdate();
          }
          return Offer.PENDING;
        });
  }

  /** The candidates that have not expired, oldest first. */
  public List<Candidate> pending() {
    return database.withConnection(
        c -> {
          List<Candidate> candidates = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT id, token, source_ip, received_at, expires_at"
                          + " FROM chittysync.notion_webhook_candidates"
                          + " WHERE expires_at > now() ORDER BY received_at, id")) {
            while (rs.next()) {
              candidates.add(
                  new Candidate(
                      rs.getLong(1),
                      Secret.of(rs.getString(2)),
                      Optional.ofNullable(rs.getString(3)),
                      rs.getTimestamp(4).toInstant(),
                      rs.getTimestamp(5).toInstant()));
            }
          }
          return List.copyOf(candidates);
        });
  }

  /** The mark of the token that verified a delivery, if one has. */
  public Optional<Verified> verified() {
    return database.withConnection(WebhookHandshakes::verified);
  }

  /**
   * Makes candidate {@code token} the verified token because delivery {@code eventId} was signed
   * with it: sets the mark, drops every candidate and hands the token to {@code keep} (which stores
   * it), all or nothing. True when {@code token} is now the verified token; false when it is no
   * longer a candidate (expired, reset) or another token was verified first.
   *
   * @throws RuntimeException whatever {@code keep} throws; nothing is changed then
   */
  public boolean promote(Secret token, String eventId, Consumer<Secret> keep) {
    String sha = sha256(token);
    return database.inTransaction(
        c -> {
          lock(c);
          Optional<Verified> mark = verified(c);
          if (mark.isPresent()) {
            return mark.get().tokenSha256().equals(sha);
          }
          String source;
          Timestamp received;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT source_ip, received_at FROM chittysync.notion_webhook_candidates"
                      + " WHERE token = ? AND expires_at > now()")) {
            ps.setString(1, token.reveal());
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) {
              return false;
            }
            source = rs.getString(1);
            received = rs.getTimestamp(2);
          }
          insertMark(c, sha, source, received, eventId);
          try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM chittysync.notion_webhook_candidates");
          }
          // Last, so that a failure to store the token rolls the mark back.
          keep.accept(token);
          return true;
        });
  }

  /**
   * Marks {@code token} as verified by delivery {@code eventId} when no token is marked yet: for a
   * token stored before handshakes were kept here. Changes nothing when a mark exists.
   */
  public void markVerified(Secret token, String eventId) {
    database.inTransaction(
        c -> {
          lock(c);
          if (verified(c).isEmpty()) {
            insertMark(c, sha256(token), null, null, eventId);
          }
          return null;
        });
  }

  /**
   * Removes the mark and every candidate on {@code connection}, inside the caller's transaction
   * (which also records who did it). Handshakes are taken in again once it commits.
   */
  public static Reset reset(Connection connection) throws SQLException {
    lock(connection);
    Optional<Verified> mark = verified(connection);
    int dropped;
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("DELETE FROM chittysync.notion_webhook_verified");
      dropped = st.executeUpdate("DELETE FROM chittysync.notion_webhook_candidates");
    }
    return new Reset(mark, dropped);
  }

  /** The hex SHA-256 of {@code token}: how the mark names a token without holding it. */
  public static String sha256(Secret token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void checkSize(Secret token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("verification_token is empty");
    }
    if (token.reveal().length() > MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException(
          "verification_token is over " + MAX_TOKEN_CHARS + " characters");
    }
    String unfit = unfit(token);
    if (unfit != null) {
      throw new IllegalArgumentException("verification_token " + unfit);
    }
  }

  /**
   * Why {@code token} cannot be a candidate, or null: a control character (a NUL would fail the
   * insert as a database error) or text PostgreSQL cannot store (a lone surrogate would be stored
   * as {@code ?}, listing a token nobody sent). The reason never quotes the token.
   */
  static String unfit(Secret token) {
    return unfit(token.reveal());
  }

  /** Why {@code text} cannot be stored as received (see {@link #unfit(Secret)}), or null. */
  static String unfit(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return "contains a control character at character " + (i + 1);
      }
    }
    return StorableText.problem(text);
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, LOCK);
      ps.execute();
    }
  }

  private static Optional<Verified> verified(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT token_sha256, source_ip, received_at, verified_at, event_id"
                    + " FROM chittysync.notion_webhook_verified")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      Timestamp received = rs.getTimestamp(3);
      return Optional.of(
          new Verified(
              rs.getString(1),
              Optional.ofNullable(rs.getString(2)),
              Optional.ofNullable(received).map(Timestamp::toInstant),
              rs.getTimestamp(4).toInstant(),
              Optional.ofNullable(rs.getString(5))));
    }
  }

  private static void insertMark(
      Connection c, String sha, String source, Timestamp received, String eventId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO chittysync.notion_webhook_verified"
                + " (token_sha256, source_ip, received_at, event_id) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, sha);
      ps.setString(2, source);
      ps.setTimestamp(3, received);
      ps.setString(4, eventId == null ? null : truncate(eventId, 200));
      ps.executeUpdate();
    }
  }

  private static void deleteExpired(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate(
          "DELETE FROM chittysync.notion_webhook_candidates WHERE expires_at <= now()");
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
