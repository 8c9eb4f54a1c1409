package com.chittysync.envelope;

import static com.chittysync.envelope.Envelopes.KEY_ID;
import static com.chittysync.envelope.Envelopes.OTHER_KEY_ID;
import static com.chittysync.envelope.Envelopes.OTHER_SEED;
import static com.chittysync.envelope.Envelopes.json;
import static com.chittysync.envelope.Envelopes.members;
import static com.chittysync.envelope.Envelopes.object;
import static com.chittysync.envelope.Envelopes.sign;
import static com.chittysync.envelope.Envelopes.signWith;
import static com.chittysync.envelope.Envelopes.text;
import static com.chittysync.envelope.Envelopes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.NoteSigner;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full verification against a real PostgreSQL nonce store: every outcome and the check order. */
class EnvelopeVerifierTest {
  private static TestDatabase db;
  private static Database database;

  private Instant now;
  private MutableClock clock;
  private EnvelopeVerifier verifier;

  @BeforeAll
  static void createDatabase() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
    db.close();
  }

  @BeforeEach
  void newVerifier() {
    // Near the real time: the store keeps nonces by the database's clock.
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock = new MutableClock(now);
    verifier = new EnvelopeVerifier(Envelopes.trusted(), new PostgresNonceStore(database), clock);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      byte[] envelope, EnvelopeFailure failure) {
    return assertThatThrownBy(() -> verifier.verify(envelope))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> {
              assertThat(e.failure()).isEqualTo(failure);
              assertThat(e.code()).isEqualTo(ErrorCode.ENVELOPE_REJECTED);
              assertThat(e.reason()).startsWith(failure.code() + ": ");
            });
  }

  @Test
  void validEnvelopeWithoutExpiresAtVerifiesAndReturnsPayloadAndKey() {
    byte[] envelope = sign(members(json("{\"op\":\"upsert\",\"id\":42}"), now));
    EnvelopeVerifier.Verified verified = verifier.verify(envelope);
    assertThat(verified.payload()).isEqualTo(json("{\"id\":42,\"op\":\"upsert\"}"));
    assertThat(verified.keyId()).isEqualTo(KEY_ID);
    assertThat(verified.nonce()).isEqualTo(object(envelope).get("nonce").textValue());
  }

  @Test
  void validEnvelopeWithExpiresAtVerifies() {
    ObjectNode m = members(now);
    m.put("expires_at", now.plusSeconds(30).toString());
    assertThat(verifier.verify(sign(m)).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void envelopesFromEnvelopeSignerVerify() {
    EnvelopeSigner signer =
        new EnvelopeSigner(NoteSigner.fromSeed("engine.example", Envelopes.SEED));
    Envelope e = signer.sign(json("[1,2,3]"), now, Optional.of(Duration.ofMinutes(15)));
    assertThat(verifier.verify(utf8(e.toJson())).payload()).isEqualTo(json("[1,2,3]"));
    Envelope d = signer.sign(json("{}"), now, Optional.empty());
    assertThat(verifier.verify(d).payload()).isEqualTo(json("{}"));
  }

  @Test
  void everyTrustedKeyIsAccepted() {
    verifier =
        new EnvelopeVerifier(
            TrustedKeys.of(KEY_ID, OTHER_KEY_ID), new PostgresNonceStore(database), clock);
    ObjectNode m = members(now);
    m.put("key_id", OTHER_KEY_ID);
    assertThat(verifier.verify(signWith(OTHER_SEED, m)).keyId()).isEqualTo(OTHER_KEY_ID);
    assertThat(verifier.verify(sign(members(now))).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void untrustedKeyIsUnknownKey() {
    ObjectNode m = members(now);
    m.put("key_id", OTHER_KEY_ID);
    assertRejected(signWith(OTHER_SEED, m), EnvelopeFailure.UNKNOWN_KEY)
        .hasMessage("key_id " + OTHER_KEY_ID + " is not a trusted key (ENGINE_PUBKEY_HEX)");
  }

  @Test
  void tamperedPayloadIsBadSignature() {
    ObjectNode o = object(sign(members(json("{\"op\":\"upsert\",\"id\":42}"), now)));
    o.set("payload", json("{\"op\":\"upsert\",\"id\":43}"));
    assertRejected(text(o), EnvelopeFailure.BAD_SIGNATURE)
        .hasMessageContaining("signature does not verify under key_id " + KEY_ID);
  }

  @Test
  void tamperedNonceIsBadSignature() {
    ObjectNode o = object(sign(members(now)));
    o.put("nonce", Envelopes.randomNonce(18));
    assertRejected(text(o), EnvelopeFailure.BAD_SIGNATURE);
  }

  @Test
  void tamperedTimesAreBadSignature() {
    ObjectNode o = object(sign(members(now)));
    o.put("issued_at", now.plusSeconds(1).toString());
    assertRejected(text(o), EnvelopeFailure.BAD_SIGNATURE);
    ObjectNode p = object(sign(members(now)));
    p.put("expires_at", now.plusSeconds(600).toString());
    assertRejected(text(p), EnvelopeFailure.BAD_SIGNATURE);
  }

  @Test
  void signatureByAnotherKeyClaimingATrustedKeyIdIsBadSignature() {
    assertRejected(signWith(OTHER_SEED, members(now)), EnvelopeFailure.BAD_SIGNATURE);
  }

  @Test
  void signatureCoversTheJcsFormNotTheReceivedText() {
    // Signed over the canonical form; sent with members out of order, whitespace, escapes for
    // characters JCS writes raw, and numbers JCS writes differently.
    ObjectNode m = members(json("{\"z\":1,\"a\":\"é€😀\\n\",\"m\":[1.0,2e0,-0]}"), now);
    ObjectNode signed = object(sign(m));
    String received =
        "{ \"signature\" : \""
            + signed.get("signature").textValue()
            + "\",\n \"key_id\":\""
            + KEY_ID
            + "\", \"payload\" : {\"m\": [1.0, 2E0, -0], \"a\": \"\\u00e9\\u20ac\\ud83d\\ude00\\u000a\","
            + " \"z\": 1.0},"
            + " \"issued_at\": \""
            + now
            + "\", \"nonce\": \""
            + m.get("nonce").textValue()
            + "\" }";
    EnvelopeVerifier.Verified v = verifier.verify(received.getBytes(StandardCharsets.UTF_8));
    assertThat(v.payload().get("a").textValue()).isEqualTo("é€😀\n");
  }

  @Test
  void envelopeIsValidFromSixtySecondsBeforeIssuedAt() {
    ObjectNode m = members(now.plusSeconds(60));
    assertThat(verifier.verify(sign(m)).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void issuedAtMoreThanSixtySecondsAheadIsNotYetValid() {
    ObjectNode m = members(now.plusSeconds(61));
    assertRejected(sign(m), EnvelopeFailure.NOT_YET_VALID)
        .hasMessage(
            "issued_at "
                + now.plusSeconds(61)
                + " is more than 60 s in the future (now "
                + now
                + ")");
  }

  @Test
  void defaultExpiryIsFiveMinutesAfterIssuedAt() {
    byte[] atLimit = sign(members(now.minusSeconds(300)));
    assertThat(verifier.verify(atLimit).keyId()).isEqualTo(KEY_ID);
    Instant issued = now.minusSeconds(300).minusMillis(1);
    assertRejected(sign(members(issued)), EnvelopeFailure.EXPIRED)
        .hasMessage(
            "envelope expired at "
                + issued.plusSeconds(300)
                + " (issued_at + 5 min) (now "
                + now
                + ")");
  }

  @Test
  void explicitExpiresAtIsEnforcedInclusively() {
    ObjectNode m = members(now.minusSeconds(100));
    m.put("expires_at", now.toString());
    byte[] envelope = sign(m);
    clock.set(now.plusMillis(1));
    assertRejected(envelope, EnvelopeFailure.EXPIRED)
        .hasMessage("envelope expired at " + now + " (now " + now.plusMillis(1) + ")");
    clock.set(now);
    assertThat(verifier.verify(envelope).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void explicitExpiresAtMayBeLaterThanTheDefault() {
    ObjectNode m = members(now.minusSeconds(600));
    m.put("expires_at", now.plusSeconds(1).toString());
    assertThat(verifier.verify(sign(m)).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void windowOfFifteenMinutesIsAllowedAndLongerIsMalformed() {
    ObjectNode ok = members(now);
    ok.put("expires_at", now.plus(Duration.ofMinutes(15)).toString());
    assertThat(verifier.verify(sign(ok)).keyId()).isEqualTo(KEY_ID);

    ObjectNode tooLong = members(now);
    tooLong.put("expires_at", now.plus(Duration.ofMinutes(15)).plusSeconds(1).toString());
    assertRejected(sign(tooLong), EnvelopeFailure.MALFORMED)
        .hasMessageContaining("is more than 15 minutes after issued_at");
  }

  @Test
  void expiresAtBeforeIssuedAtIsMalformed() {
    ObjectNode m = members(now);
    m.put("expires_at", now.minusSeconds(1).toString());
    assertRejected(sign(m), EnvelopeFailure.MALFORMED)
        .hasMessage("expires_at " + now.minusSeconds(1) + " is before issued_at " + now);
  }

  @Test
  void secondVerificationOfTheSameEnvelopeIsAReplay() {
    byte[] envelope = sign(members(now));
    verifier.verify(envelope);
    String nonce = object(envelope).get("nonce").textValue();
    assertRejected(envelope, EnvelopeFailure.REPLAYED_NONCE)
        .hasMessage("nonce " + nonce + " was already accepted: the envelope is a replay");
  }

  @Test
  void anotherEnvelopeReusingASpentNonceIsAReplay() {
    ObjectNode first = members(now);
    verifier.verify(sign(first));
    ObjectNode second = members(json("{\"different\":true}"), now);
    second.put("nonce", first.get("nonce").textValue());
    assertRejected(sign(second), EnvelopeFailure.REPLAYED_NONCE);
  }

  @Test
  void rejectedEnvelopesDoNotSpendTheirNonce() {
    ObjectNode m = members(now.plusSeconds(90));
    byte[] genuine = sign(m);
    ObjectNode forged = object(genuine);
    forged.set("payload", json("\"forged\""));
    assertRejected(text(forged), EnvelopeFailure.BAD_SIGNATURE);
    assertRejected(genuine, EnvelopeFailure.NOT_YET_VALID);
    clock.advance(Duration.ofSeconds(30));
    assertThat(verifier.verify(genuine).keyId()).isEqualTo(KEY_ID);
  }

  @Test
  void malformedIsReportedBeforeUnknownKey() {
    ObjectNode m = members(now);
    m.put("key_id", OTHER_KEY_ID);
    m.put("extra", 1);
    assertRejected(signWith(OTHER_SEED, m), EnvelopeFailure.MALFORMED);
  }

  @Test
  void unknownKeyIsReportedBeforeBadSignature() {
    ObjectNode m = members(now);
    m.put("key_id", OTHER_KEY_ID);
    assertRejected(sign(m), EnvelopeFailure.UNKNOWN_KEY);
  }

  @Test
  void badSignatureIsReportedBeforeTheTimeWindow() {
    ObjectNode expired = object(sign(members(now.minus(Duration.ofHours(1)))));
    expired.set("payload", json("null"));
    assertRejected(text(expired), EnvelopeFailure.BAD_SIGNATURE);
    ObjectNode tooLong = members(now);
    tooLong.put("expires_at", now.plus(Duration.ofHours(1)).toString());
    ObjectNode tampered = object(sign(tooLong));
    tampered.set("payload", json("null"));
    assertRejected(text(tampered), EnvelopeFailure.BAD_SIGNATURE);
  }

  @Test
  void timeWindowIsReportedBeforeReplay() {
    byte[] envelope = sign(members(now));
    verifier.verify(envelope);
    clock.advance(Duration.ofMinutes(6));
    assertRejected(envelope, EnvelopeFailure.EXPIRED);
  }
}
