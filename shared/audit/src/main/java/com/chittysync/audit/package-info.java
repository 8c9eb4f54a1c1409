/**
 * Cryptographic building blocks of ChittySync's transparency log. Pure functions and immutable
 * values, no I/O:
 *
 * <ul>
 *   <li>{@link com.chittysync.audit.Jcs}: RFC 8785 canonical JSON, the bytes that are hashed.
 *   <li>{@link com.chittysync.audit.Merkle}, {@link com.chittysync.audit.LeafSource}, {@link
 *       com.chittysync.audit.InMemoryMerkleTree}, {@link com.chittysync.audit.CompactRange}: RFC
 *       6962/9162 tree hashing, inclusion and consistency proofs, and the append frontier.
 *   <li>{@link com.chittysync.audit.NoteSigner}, {@link com.chittysync.audit.NoteVerifier}, {@link
 *       com.chittysync.audit.Note}: C2SP signed notes with Ed25519 keys.
 *   <li>{@link com.chittysync.audit.Checkpoint}, {@link com.chittysync.audit.Cosigner}, {@link
 *       com.chittysync.audit.Cosignature}, {@link com.chittysync.audit.WitnessPolicy}: C2SP
 *       checkpoints, witness cosignatures and K-of-N quorums.
 * </ul>
 *
 * <p>Every failure is an {@link com.chittysync.audit.AuditException} with a precise {@link
 * com.chittysync.audit.AuditException.Reason}.
 */
package com.chittysync.audit;
