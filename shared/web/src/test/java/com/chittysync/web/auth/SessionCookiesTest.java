package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.web.http.WebRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private final SessionKey key = SessionKey.parse(SessionKey.generateEncoded());
  private final SessionCookies sessions = new SessionCookies(key, Clock.fixed(NOW, ZoneOffset.UTC));

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  static WebRequest withCookie(String name, String value) {
    return new WebRequest(
        "GET", "/", Map.of(), Map.of(name, value), Map.of(), Map.of(), "", Map.of());
  }

  @Test
  void aSessionSurvivesTheRoundTripWithHostOnlyStrictAttributes() {
    Principal session = sessions.start("user-ann", "ann@example.org", Role.OPERATOR);
    assertThat(session.sessionId()).hasSize(22);
    assertThat(session.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
    String setCookie = sessions.setCookie(session);
    assertThat(setCookie)
        .startsWith("__Host-chittysync-session=")
        .endsWith("; Path=/; Max-Age=28800; Secure; HttpOnly; SameSite=Strict");
    assertThat(sessions.read(withCookie(SessionCookies.COOKIE, value(setCookie))))
        .contains(session);
    assertThat(sessions.start("a", "b", Role.OPERATOR).sessionId())
        .as("every session has its own id")
        .isNotEqualTo(session.sessionId());
  }

  @Test
  void aTamperedCookieIsNotAuthenticated() {
    String value =
        value(sessions.setCookie(sessions.start("user-vic", "vic@example.org", Role.VIEWER)));
    String payload =
        new String(
            Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))),
            StandardCharsets.UTF_8);
    String promoted =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload.replace("\"viewer\"", "\"operator\"").getBytes(StandardCharsets.UTF_8))
            + value.substring(value.indexOf('.'));
    assertThat(sessions.verify(promoted)).isEmpty();
    // Every character of the MAC counts, the last too: its unread bits give no second spelling.
    for (int at : new int[] {value.indexOf('.') + 5, value.length() - 1}) {
      char c = value.charAt(at);
      for (char other : new char[] {'A', 'B', 'Q', 'w'}) {
        if (other != c) {
          assertThat(sessions.verify(value.substring(0, at) + other + value.substring(at + 1)))
              .as("MAC character %d changed to %s", at, other)
              .isEmpty();
        }
      }
    }
    assertThat(sessions.verify(value + ".x")).isEmpty();
    assertThat(sessions.verify("not-a-cookie")).isEmpty();
    assertThat(sessions.verify("x".repeat(5000) + "." + "y")).isEmpty();
  }

  @Test
  void anExpiredCookieIsNotAuthenticated() {
    String value = value(sessions.setCookie(sessions.start("user-ann", "ann", Role.OPERATOR)));
    SessionCookies later =
        new SessionCookies(key, Clock.fixed(NOW.plus(Duration.ofHours(8)), ZoneOffset.UTC));
    SessionCookies justBefore =
        new SessionCookies(
            key, Clock.fixed(NOW.plus(Duration.ofHours(8)).minusSeconds(1), ZoneOffset.UTC));
    assertThat(justBefore.verify(value)).isPresent();
    assertThat(later.verify(value)).isEmpty();
  }

  @Test
  void aCookieOfAnotherKeyOrAnUnknownVersionIsNotAuthenticated() {
    SessionCookies other =
        new SessionCookies(
            SessionKey.parse(SessionKey.generateEncoded()), Clock.fixed(NOW, ZoneOffset.UTC));
    String foreign = value(other.setCookie(other.start("user-ann", "ann", Role.OPERATOR)));
    assertThat(sessions.verify(foreign)).isEmpty();

    String v2 =
        key.seal(
            "session",
            ("{\"v\":2,\"sub\":\"user-ann\",\"name\":\"ann\",\"role\":\"operator\",\"sid\":\"s\","
                    + "\"exp\":"
                    + NOW.plusSeconds(60).getEpochSecond()
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(sessions.verify(v2)).isEmpty();
  }

  @Test
  void aValueSealedForAnotherPurposeIsNotASession() {
    String payload =
        "{\"v\":1,\"sub\":\"user-ann\",\"name\":\"ann\",\"role\":\"operator\",\"sid\":\"s\","
            + "\"exp\":"
            + NOW.plusSeconds(60).getEpochSecond()
            + "}";
    assertThat(sessions.verify(key.seal("session", payload.getBytes(StandardCharsets.UTF_8))))
        .isPresent();
    assertThat(sessions.verify(key.seal("oidc", payload.getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
  }

  @Test
  void clearEndsTheCookieWithTheSameAttributes() {
    assertThat(sessions.clear())
        .isEqualTo(
            "__Host-chittysync-session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
  }
}
