package com.chittysync.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is asking, once the {@link Authenticator} has established it.
 *
 * @param subject the stable identity ({@code sub} of the issuer's token, or {@code local} for the
 *     one-time login of {@code chittysync serve})
 * @param name what to show and to write in the audit log as the actor (e-mail or name)
 * @param role what they may do
 * @param sessionId the session this request belongs to (binds the CSRF token); empty for bearer
 *     tokens, which carry no session
 * @param expiresAt when the session or token stops being accepted
 */
public record Principal(
    String subject, String name, Role role, String sessionId, Instant expiresAt) {
  public Principal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The audit log's actor for what this principal does: {@code user:<name>}. */
  public String actor() {
    return "user:" + name;
  }
}
