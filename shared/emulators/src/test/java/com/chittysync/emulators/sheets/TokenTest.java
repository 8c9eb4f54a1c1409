package com.chittysync.emulators.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.sheets.v4.Sheets;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OAuth token endpoint, service-account key files, sharing and scopes. */
class TokenTest {
  private SheetsEmulator emulator;
  private Http http;
  private String id;

  @BeforeEach
  void start() {
    emulator = SheetsEmulator.start();
    http = new Http(emulator);
    id = emulator.createSpreadsheet("Tokens");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void keyFileIsARealServiceAccountKeyPointingAtTheEmulator() throws Exception {
    ServiceAccount sa = emulator.serviceAccount();
    var json = Json.parse(sa.json());

    assertThat(json.get("type").asText()).isEqualTo("service_account");
    assertThat(json.get("token_uri").asText()).isEqualTo(emulator.tokenUri());
    assertThat(emulator.tokenUri()).isEqualTo(emulator.rootUrl() + "token");
    assertThat(emulator.rootUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(json.get("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(json.has("universe_domain")).isFalse();
    assertThat(sa.toString()).doesNotContain("PRIVATE");
    ServiceAccountCredentials creds = ServiceAccountCredentials.fromStream(sa.jsonStream());
    assertThat(creds.getClientEmail()).isEqualTo(SheetsEmulator.DEFAULT_ACCOUNT);
    assertThat(creds.getTokenServerUri().toString()).isEqualTo(emulator.tokenUri());
  }

  @Test
  void tokenEndpointAnswersLikeGoogle() {
    Http.Response r =
        http.postForm(
            "token", Jwts.grantBody(emulator.serviceAccount(), AccessTokens.SPREADSHEETS));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("access_token").asText()).startsWith("ya29.");
    assertThat(r.body().get("expires_in").asInt()).isEqualTo(3600);
    assertThat(r.body().get("token_type").asText()).isEqualTo("Bearer");
  }

  @Test
  void assertionsSignedWithAnotherKeyOrForUnknownAccountsAreRefused() {
    ServiceAccount other = emulator.newServiceAccount("other@x.iam.gserviceaccount.com");
    String forged =
        "grant_type="
            + URLEncoder.encode(TokenEndpoint.JWT_BEARER, StandardCharsets.UTF_8)
            + "&assertion="
            + Jwts.assertion(
                emulator.serviceAccount(),
                emulator.serviceAccount().clientEmail(),
                AccessTokens.SPREADSHEETS,
                Jwts.privateKey(other));
    Http.Response bad = http.postForm("token", forged);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("error").asText()).isEqualTo("invalid_grant");
    assertThat(bad.body().get("error_description").asText()).isEqualTo("Invalid JWT Signature.");

    String unknown =
        "grant_type="
            + URLEncoder.encode(TokenEndpoint.JWT_BEARER, StandardCharsets.UTF_8)
            + "&assertion="
            + Jwts.assertion(
                other,
                "ghost@x.iam.gserviceaccount.com",
                AccessTokens.SPREADSHEETS,
                Jwts.privateKey(other));
    assertThat(http.postForm("token", unknown).body().get("error").asText())
        .isEqualTo("invalid_grant");

    assertThat(
            http.postForm("token", "grant_type=password&username=a").body().get("error").asText())
        .isEqualTo("unsupported_grant_type");
    assertThat(
            http.postForm(
                    "token",
                    Jwts.grantBody(
                        emulator.serviceAccount(), "https://www.googleapis.com/auth/gmail.send"))
                .body()
                .get("error")
                .asText())
        .isEqualTo("invalid_scope");
  }

  @Test
  void aReadOnlyScopeReadsButCannotWrite() {
    http.token(
        http.postForm(
                "token",
                Jwts.grantBody(emulator.serviceAccount(), AccessTokens.SPREADSHEETS + ".readonly"))
            .body()
            .get("access_token")
            .asText());

    assertThat(http.get("v4/spreadsheets/" + id + "/values/Sheet1!A1").status()).isEqualTo(200);
    Http.Response w =
        http.put(
            "v4/spreadsheets/" + id + "/values/Sheet1!A1?valueInputOption=RAW",
            "{\"values\":[[1]]}");
    assertThat(w.status()).isEqualTo(403);
    assertThat(w.body().get("error").get("message").asText())
        .isEqualTo("Request had insufficient authentication scopes.");
  }

  @Test
  void anAccountSeesOnlySpreadsheetsSharedWithIt() throws Exception {
    ServiceAccount other =
        emulator.newServiceAccount("reporting@chittysync-emulator.iam.gserviceaccount.com");
    Sheets sheets = GoogleClients.sheets(emulator, other);

    try {
      sheets.spreadsheets().get(id).execute();
      throw new AssertionError("expected 403");
    } catch (GoogleJsonResponseException e) {
      assertThat(e.getStatusCode()).isEqualTo(403);
      assertThat(e.getDetails().getMessage()).isEqualTo("The caller does not have permission");
    }

    emulator.share(id, other.clientEmail());
    assertThat(sheets.spreadsheets().get(id).execute().getSpreadsheetId()).isEqualTo(id);
  }

  @Test
  void tokensExpireAfterAnHourOfEmulatorTimeAndTheClientRefreshes() throws Exception {
    Sheets sheets = GoogleClients.sheets(emulator, emulator.serviceAccount());
    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();

    emulator.quotas().advance(Duration.ofMinutes(61));
    sheets.spreadsheets().values().get(id, "Sheet1!A1").execute();

    assertThat(emulator.requestLog().count(RecordedRequest::isTokenRequest)).isEqualTo(2);
    assertThat(emulator.requestLog().entries()).extracting(RecordedRequest::status).contains(401);
  }
}
