package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** A compact JWS ({@code header.claims.signature}), decoded; RS256 verification with the JDK. */
record Jwt(JsonNode header, JsonNode claims, String signingInput, byte[] signature) {
  /** Decodes a JWT, or returns null when it is not one. */
  static Jwt decode(String token) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      JsonNode header = Json.MAPPER.readTree(d.decode(parts[0]));
      JsonNode claims = Json.MAPPER.readTree(d.decode(parts[1]));
      if (!header.isObject() || !claims.isObject()) {
        return null;
      }
      return new Jwt(header, claims, parts[0] + "." + parts[1], d.decode(parts[2]));
    } catch (Exception e) {
      return null;
    }
  }

  /** Whether the header says RS256 and the signature verifies with {@code key}. */
  boolean verifiesWith(PublicKey key) {
    if (!"RS256".equals(header.path("alg").asText())) {
      return false;
    }
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initVerify(key);
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return sig.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
