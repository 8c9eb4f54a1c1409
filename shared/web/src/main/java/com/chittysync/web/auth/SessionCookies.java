package com.chittysync.web.auth;

import com.chittysync.core.json.Json;
import com.chittysync.web.http.WebRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The session cookie, {@value #COOKIE}: who signed in, as what, until when, signed with the session
 * key, so no server-side store is needed. Its value is {@code base64url(payload) "."
 * base64url(HMAC-SHA256)}, the payload {@code {"v":1,"sub","name","role","sid","exp"}}.
 *
 * <p>A value that is tampered with, expired, of an unknown version or otherwise malformed does not
 * authenticate: {@link #read} answers empty, never throws.
 *
 * <p>{@code __Host-}: only set over HTTPS, by this host, for every path, so no other site or
 * subdomain can plant or read it; {@code HttpOnly}, so no script reads it; {@code SameSite=Strict},
 * so no other site's page sends it.
 */
public final class SessionCookies {
  /** The cookie's name. */
  public static final String COOKIE = "__Host-chittysync-session";

  /** How long a session lasts: a working day; then the person signs in again. */
  public static final Duration LIFETIME = Duration.ofHours(8);

  /** The payload version this class writes and reads. */
  static final int VERSION = 1;

  /** A longer cookie value is not even looked at; a real one is a few hundred characters. */
  static final int MAX_VALUE_LENGTH = 2048;

  /** The longest subject or name kept in a session (longer names are cut). */
  static final int MAX_FIELD_LENGTH = 256;

  private static final String PURPOSE = "session";

  private final SessionKey key;
  private final Clock clock;

  public SessionCookies(SessionKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /**
   * A new session for {@code subject}: a random session id, expiring {@link #LIFETIME} from now.
   *
   * @throws IllegalArgumentException when the subject is empty or longer than {@value
   *     #MAX_FIELD_LENGTH} characters
   */
  public Principal start(String subject, String name, Role role) {
    if (subject.isEmpty() || subject.length() > MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(
          "a subject must have 1 to " + MAX_FIELD_LENGTH + " characters");
    }
    String shown = name.length() > MAX_FIELD_LENGTH ? name.substring(0, MAX_FIELD_LENGTH) : name;
    Instant expires = clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    return new Principal(subject, shown, role, Tokens.random(16), expires);
  }

  /** The {@code Set-Cookie} value that gives the browser {@code session}. */
  public String setCookie(Principal session) {
    if (session.sessionId().isEmpty()) {
      throw new IllegalArgumentException("only a session principal goes into a session cookie");
    }
    ObjectNode payload = Json.mapper().createObjectNode();
    payload.put("v", VERSION);
    payload.put("sub", session.subject());
    payload.put("name", session.name());
    payload.put("role", session.role().wire());
    payload.put("sid", session.sessionId());
    payload.put("exp", session.expiresAt().getEpochSecond());
    String value = key.seal(PURPOSE, payload.toString().getBytes(StandardCharsets.UTF_8));
    // The browser may keep it as long as a session lasts; the payload's own expiry decides.
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + attributes();
  }

  /** The {@code Set-Cookie} value that removes the session cookie (sign-out). */
  public String clear() {
    return COOKIE + "=; Path=/; Max-Age=0" + attributes();
  }

  private static String attributes() {
    return "; Secure; HttpOnly; SameSite=Strict";
  }

  /** The session {@code request}'s cookie holds, if it holds a valid, unexpired one. */
  public Optional<Principal> read(WebRequest request) {
    return request.cookie(COOKIE).flatMap(this::verify);
  }

  /** The session a cookie value holds, if it is valid and unexpired. */
  public Optional<Principal> verify(String value) {
    Optional<byte[]> payload = key.open(PURPOSE, value, MAX_VALUE_LENGTH);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(payload.get());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (json == null || !json.isObject() || json.path("v").asInt(-1) != VERSION) {
      return Optional.empty();
    }
    String sub = json.path("sub").asText("");
    String name = json.path("name").asText("");
    String sid = json.path("sid").asText("");
    JsonNode exp = json.path("exp");
    Optional<Role> role = parseRole(json.path("role").asText(""));
    if (sub.isEmpty() || sid.isEmpty() || role.isEmpty() || !exp.canConvertToLong()) {
      return Optional.empty();
    }
    Instant expires = Instant.ofEpochSecond(exp.asLong());
    if (!clock.instant().isBefore(expires)) {
      return Optional.empty();
    }
    return Optional.of(new Principal(sub, name, role.get(), sid, expires));
  }

  private static Optional<Role> parseRole(String wire) {
    for (Role r : Role.values()) {
      if (r.wire().equals(wire)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
