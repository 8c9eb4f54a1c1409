/**
 * Signed write envelopes: how the engine proves that a write request is its own, fresh and not a
 * replay.
 *
 * <p>An envelope is a JSON object {@code {"payload", "nonce", "issued_at", "expires_at"?, "key_id",
 * "signature"}}. The Ed25519 signature covers the UTF-8 bytes of {@code chittysync-envelope/v1\n}
 * followed by the RFC 8785 (JCS) form of the envelope without its {@code signature} member, so it
 * does not depend on member order, whitespace or escaping of the received text.
 *
 * <ul>
 *   <li>{@link com.chittysync.envelope.Envelope}: the envelope value; {@link
 *       com.chittysync.envelope.Envelope#parse} is its strict parser, and {@link
 *       com.chittysync.envelope.Envelope#signedBytes()} the exact bytes its signature covers.
 *   <li>{@link com.chittysync.envelope.EnvelopeSigner}: makes envelopes (the CLI, tests, tools).
 *   <li>{@link com.chittysync.envelope.EnvelopeVerifier}: the full check, ending with the
 *       single-use {@link com.chittysync.envelope.NonceStore nonce}, kept in PostgreSQL by {@link
 *       com.chittysync.envelope.PostgresNonceStore} so that it holds across containers.
 *   <li>{@link com.chittysync.envelope.TrustedKeys}: the keys named by {@code ENGINE_PUBKEY_HEX}.
 *   <li>{@link com.chittysync.envelope.EnvelopeModule}: the Dagger bindings a function uses.
 * </ul>
 *
 * <p>Every rejection is an {@link com.chittysync.envelope.EnvelopeException} whose {@link
 * com.chittysync.envelope.EnvelopeFailure} has a stable wire code ({@code malformed}, {@code
 * unknown_key}, {@code bad_signature}, {@code expired}, {@code not_yet_valid}, {@code
 * replayed_nonce}).
 */
package com.chittysync.envelope;
