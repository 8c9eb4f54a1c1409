package com.chittysync.core;

/**
 * Stable, documented error codes. The string form appears in logs, JSON error bodies and CLI
 * output, so existing values must never change meaning; add new ones instead.
 */
public enum ErrorCode {
  /** A setting is missing, malformed or out of range. */
  CONFIG_INVALID("config.invalid"),
  /** A {@code secretsmanager:} reference could not be resolved. */
  SECRET_UNRESOLVED("secret.unresolved"),
  /** The state database could not be reached or refused the connection. */
  DATABASE_UNAVAILABLE("database.unavailable"),
  /** A statement against the state database failed. */
  DATABASE_ERROR("database.error"),
  /** Applying or inspecting schema migrations failed. */
  MIGRATION_FAILED("migration.failed"),
  /** An audit-log object (entry, proof, note, checkpoint, key) is malformed. */
  AUDIT_MALFORMED("audit.malformed"),
  /** An audit-log proof, signature, cosignature or quorum does not verify. */
  AUDIT_INVALID("audit.invalid"),
  /** A signed write envelope was refused (unknown key, bad signature, expired, replayed...). */
  ENVELOPE_REJECTED("envelope.rejected"),
  /** Another run holds the registry's lease. */
  LEASE_HELD("lease.held"),
  /** A sync could not finish: an endpoint failed or the run was interrupted. */
  SYNC_FAILED("sync.failed"),
  /**
   * An endpoint's service refused the credentials (401/403): the run stops, naming the registry.
   */
  ENDPOINT_UNAUTHORIZED("endpoint.unauthorized"),
  /** An endpoint's service kept failing (rate limits, 5xx, timeouts) after bounded retries. */
  ENDPOINT_UNAVAILABLE("endpoint.unavailable"),
  /** A request or event could not be parsed. */
  MALFORMED_INPUT("input.malformed"),
  /** A request body is over the size limit of its route. */
  INPUT_TOO_LARGE("input.too_large"),
  /** A webhook delivery's signature is absent or does not match the stored verification token. */
  WEBHOOK_SIGNATURE_INVALID("webhook.signature_invalid"),
  /**
   * A webhook verification handshake was refused: a token is already in use, or too many handshakes
   * came.
   */
  WEBHOOK_HANDSHAKE_REFUSED("webhook.handshake_refused"),
  /**
   * A request needs a signed-in user or a bearer token and carried none that is valid (HTTP 401).
   */
  AUTH_REQUIRED("auth.required"),
  /**
   * A request is authenticated but may not do this: a viewer acting, a bearer token acting, a
   * cross-site or CSRF-less form (HTTP 403).
   */
  AUTH_FORBIDDEN("auth.forbidden"),
  /** The identity provider (its discovery document or signing keys) could not be reached. */
  AUTH_UNAVAILABLE("auth.unavailable"),
  /** A bug or an unexpected condition; the message says what was being done. */
  INTERNAL("internal");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The stable wire form, for example {@code config.invalid}. */
  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
