package com.chittysync.emulators.sheets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Builds signed JWT assertions by hand, as google-auth-library does, for plain-HTTP tests. */
final class Jwts {
  private Jwts() {}

  static String grantBody(ServiceAccount account, String scope) {
    return "grant_type="
        + URLEncoder.encode(TokenEndpoint.JWT_BEARER, StandardCharsets.UTF_8)
        + "&assertion="
        + assertion(account, account.clientEmail(), scope, privateKey(account));
  }

  static String assertion(ServiceAccount account, String iss, String scope, PrivateKey key) {
    long now = System.currentTimeMillis() / 1000;
    String kid = Json.parse(account.json()).get("private_key_id").asText();
    String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
    String claims =
        "{\"aud\":\"https://oauth2.googleapis.com/token\",\"exp\":"
            + (now + 3600)
            + ",\"iat\":"
            + now
            + ",\"iss\":\""
            + iss
            + "\""
            + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
            + "}";
    String input =
        b64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(sig.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static PrivateKey privateKey(ServiceAccount account) {
    String pem = Json.parse(account.json()).get("private_key").asText();
    String base64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
