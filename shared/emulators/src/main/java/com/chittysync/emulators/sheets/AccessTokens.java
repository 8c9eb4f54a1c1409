package com.chittysync.emulators.sheets;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens the token endpoint issued, and authentication of API calls.
 *
 * <p>A call authenticates with {@code Authorization: Bearer <token>} (or {@code ?access_token=}),
 * where the token is one the emulator issued and has not expired on the emulator's clock, or — as
 * Google also accepts — a self-signed JWT from an issued service account (what the Java library
 * sends when credentials are not scoped).
 */
final class AccessTokens {
  static final Duration LIFETIME = Duration.ofHours(1);
  static final String SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets";
  private static final List<String> WRITE_SCOPES =
      List.of(
          SPREADSHEETS,
          "https://www.googleapis.com/auth/drive",
          "https://www.googleapis.com/auth/drive.file");
  private static final List<String> READ_SCOPES =
      List.of(SPREADSHEETS + ".readonly", "https://www.googleapis.com/auth/drive.readonly");

  /** Who a token acts for and what it may do. */
  record Grant(String email, boolean canWrite, Instant expires) {}

  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final Accounts accounts;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  AccessTokens(Accounts accounts, Clock clock) {
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Whether a space-separated scope claim lets the bearer use the Sheets API at all. */
  static boolean usable(String scopes) {
    for (String s : scopes.split(" ")) {
      if (WRITE_SCOPES.contains(s) || READ_SCOPES.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean writable(String scopes) {
    for (String s : scopes.split(" ")) {
      if (WRITE_SCOPES.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /** Issues a token for {@code email} with the given scopes. */
  String issue(String email, String scopes) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = "ya29.emulator-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(token, new Grant(email, writable(scopes), clock.instant().plus(LIFETIME)));
    return token;
  }

  /** Forgets every issued token: the next API call gets 401 and the client must refresh. */
  void revokeAll() {
    tokens.clear();
  }

  /** The caller of a request, or 401 UNAUTHENTICATED. */
  Grant authenticate(String authorization, String accessTokenParam) {
    String token = accessTokenParam;
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = authorization.substring(7).trim();
    }
    if (token == null || token.isEmpty()) {
      throw SheetsError.unauthenticated();
    }
    Grant g = tokens.get(token);
    if (g != null) {
      if (!clock.instant().isBefore(g.expires())) {
        tokens.remove(token);
        throw SheetsError.unauthenticated(true);
      }
      return g;
    }
    Grant selfSigned = selfSigned(token);
    if (selfSigned == null) {
      throw SheetsError.unauthenticated(true);
    }
    return selfSigned;
  }

  /** A self-signed JWT from an issued account (no token endpoint involved), or null. */
  private Grant selfSigned(String token) {
    Jwt jwt = Jwt.decode(token);
    if (jwt == null) {
      return null;
    }
    Accounts.Account account = accounts.get(jwt.claims().path("iss").asText(null));
    if (account == null || !jwt.verifiesWith(account.publicKey())) {
      return null;
    }
    // Real time, not the emulator clock: the library stamps iat/exp from the system clock.
    long exp = jwt.claims().path("exp").asLong(0);
    if (exp * 1000 < System.currentTimeMillis()) {
      return null;
    }
    String scope = jwt.claims().path("scope").asText("");
    boolean write = scope.isEmpty() || writable(scope);
    return new Grant(account.email(), write, Instant.ofEpochSecond(exp));
  }
}
