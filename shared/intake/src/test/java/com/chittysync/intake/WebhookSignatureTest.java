package com.chittysync.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final JsonNode VECTOR = NotionFixtures.json("webhook-signature-test-vector.json");
  private static final String TOKEN = VECTOR.get("verification_token").asText();
  private static final String EXPECTED = VECTOR.get("expected_header_value").asText();

  @Test
  void theDocumentedVectorSignsTheRawBodyFile() {
    byte[] body = NotionFixtures.bytes(VECTOR.get("raw_body_file").asText());
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(VECTOR.get("raw_body").asText());
    assertThat(WebhookSignature.sign(TOKEN, body)).isEqualTo(EXPECTED);
    assertThat(WebhookSignature.verify(TOKEN, body, EXPECTED)).isTrue();
    assertThat(VECTOR.get("header").asText()).isEqualTo(WebhookSignature.HEADER);
  }

  @Test
  void anythingElseDoesNotVerify() {
    byte[] body = VECTOR.get("raw_body").asText().getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(TOKEN, body, null)).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, body, "")).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, body, EXPECTED.substring(7))).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, body, "sha256=zz" + EXPECTED.substring(9))).isFalse();
    assertThat(WebhookSignature.verify(TOKEN, body, EXPECTED + "00")).isFalse();
    assertThat(WebhookSignature.verify(TOKEN + "x", body, EXPECTED)).isFalse();
    assertThat(WebhookSignature.verify("", body, EXPECTED)).isFalse();
    byte[] reformatted =
        NotionFixtures.json("webhook-verification-request.body.json")
            .toPrettyString()
            .getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(TOKEN, reformatted, EXPECTED))
        .as("re-serialised JSON must not verify: only the raw bytes are signed")
        .isFalse();
  }

  @Test
  void headerCaseAndSurroundingSpaceAreTolerated() {
    byte[] body = NotionFixtures.bytes("webhook-verification-request.body.json");
    assertThat(
            WebhookSignature.verify(TOKEN, body, " SHA256=" + EXPECTED.substring(7).toUpperCase()))
        .isTrue();
  }
}
