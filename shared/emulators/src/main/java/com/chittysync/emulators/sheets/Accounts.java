package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service accounts the emulator issued: each has a freshly generated RSA 2048 key pair; the
 * emulator keeps the public key to verify the JWTs the client signs with the private one.
 */
final class Accounts {
  /** The emulated Cloud project the accounts belong to. */
  static final String PROJECT_ID = "chittysync-emulator";

  /** An issued account: what verifies its JWTs, and its key file. */
  record Account(String email, String keyId, PublicKey publicKey, ServiceAccount serviceAccount) {}

  private final Map<String, Account> byEmail = new ConcurrentHashMap<>();
  private final Supplier<String> tokenUri;
  private final SecureRandom random = new SecureRandom();

  Accounts(Supplier<String> tokenUri) {
    this.tokenUri = tokenUri;
  }

  /** Issues a new account (a new key) for {@code email}, replacing any earlier one. */
  ServiceAccount create(String email) {
    KeyPair pair;
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048, random);
      pair = gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] kid = new byte[20];
    random.nextBytes(kid);
    String keyId = HexFormat.of().formatHex(kid);
    StringBuilder clientId = new StringBuilder("1");
    for (int i = 0; i < 20; i++) {
      clientId.append(random.nextInt(10));
    }
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    // Field order as in a key file downloaded from the Cloud console; no universe_domain, so the
    // Java client's universe check passes against a custom root URL.
    ObjectNode json = Json.object();
    json.put("type", "service_account");
    json.put("project_id", PROJECT_ID);
    json.put("private_key_id", keyId);
    json.put("private_key", pem);
    json.put("client_email", email);
    json.put("client_id", clientId.toString());
    json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    json.put("token_uri", tokenUri.get());
    json.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    json.put(
        "client_x509_cert_url",
        "https://www.googleapis.com/robot/v1/metadata/x509/"
            + URLEncoder.encode(email, StandardCharsets.UTF_8));
    ServiceAccount sa = new ServiceAccount(email, json.toPrettyString());
    byEmail.put(email.toLowerCase(Locale.ROOT), new Account(email, keyId, pair.getPublic(), sa));
    return sa;
  }

  Account get(String email) {
    return email == null ? null : byEmail.get(email.toLowerCase(Locale.ROOT));
  }
}
