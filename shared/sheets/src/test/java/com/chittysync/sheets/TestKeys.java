package com.chittysync.sheets;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Service-account key JSON with a fresh RSA key, for tests that need no token endpoint. */
final class TestKeys {
  private TestKeys() {}

  static String serviceAccountJson(String email, String tokenUri) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("type", "service_account");
    json.put("project_id", "test");
    json.put("private_key_id", "kid1");
    json.put("private_key", pem);
    json.put("client_email", email);
    json.put("client_id", "1234567890");
    json.put("token_uri", tokenUri);
    return json.toString();
  }
}
