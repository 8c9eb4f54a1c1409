package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-time sign-in link of {@code chittysync serve}, over real HTTP. */
class LocalLoginTest {
  private static final String TOKEN = Tokens.random(32);
  private DashboardStub dashboard;

  @BeforeEach
  void start() throws Exception {
    dashboard =
        DashboardStub.start(
            Map.of(
                WebAuthSettings.SESSION_KEY,
                SessionKey.generateEncoded(),
                WebAuthSettings.LOCAL_LOGIN_TOKEN,
                TOKEN),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    dashboard.close();
  }

  @Test
  void theLoginLinkWorksOnceAndIsRefusedTheSecondTime() throws Exception {
    Browser browser = new Browser();
    Browser.Page first = browser.get(dashboard.url() + "/login/local?token=" + TOKEN);
    assertThat(first.status()).isEqualTo(302);
    assertThat(first.location()).isEqualTo("/");
    assertThat(first.header("referrer-policy")).isEqualTo("no-referrer");
    assertThat(browser.cookies).containsKey(SessionCookies.COOKIE);
    var me =
        Json.mapper()
            .readTree(
                browser
                    .get(dashboard.url() + "/whoami", Map.of("Accept", "application/json"))
                    .body());
    assertThat(me.get("subject").asText()).isEqualTo("local");
    assertThat(me.get("name").asText()).isEqualTo("local operator");
    assertThat(me.get("role").asText()).isEqualTo("operator");

    Browser other = new Browser();
    Browser.Page second = other.get(dashboard.url() + "/login/local?token=" + TOKEN);
    assertThat(second.status()).isEqualTo(403);
    assertThat(second.body())
        .contains("this login link was already used; restart chittysync serve for a new one");
    assertThat(other.cookies).isEmpty();
  }

  @Test
  void aWrongTokenIsRefusedAndDoesNotSpendTheLink() throws Exception {
    Browser browser = new Browser();
    Browser.Page wrong =
        browser.get(dashboard.url() + "/login/local?token=" + TOKEN.substring(1) + "x");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(TOKEN);
    assertThat(browser.get(dashboard.url() + "/login/local").status()).isEqualTo(401);
    assertThat(browser.get(dashboard.url() + "/login/local?token=" + TOKEN).status())
        .isEqualTo(302);
  }

  @Test
  void withoutAProviderLoginSaysToUseTheLinkServePrinted() throws Exception {
    Browser.Page login = new Browser().get(dashboard.url() + "/login");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("one-time login link");
  }

  @Test
  void signingOutClearsTheSessionButOnlyWithTheCsrfTokenFromThisSite() throws Exception {
    Browser browser = new Browser();
    browser.get(dashboard.url() + "/login/local?token=" + TOKEN);
    Principal session =
        dashboard
            .component()
            .sessions()
            .verify(browser.cookies.get(SessionCookies.COOKIE))
            .orElseThrow();
    String csrf = dashboard.component().csrf().token(session);
    String host = dashboard.url().substring("http://".length());

    Browser.Page forged =
        browser.post(
            dashboard.url() + "/logout",
            Map.of("Origin", "https://evil.example"),
            Map.of("csrf", csrf));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(browser.cookies).containsKey(SessionCookies.COOKIE);
    Browser.Page noToken =
        browser.post(dashboard.url() + "/logout", Map.of("Origin", "http://" + host), Map.of());
    assertThat(noToken.status()).isEqualTo(403);

    Browser.Page out =
        browser.post(
            dashboard.url() + "/logout", Map.of("Origin", "http://" + host), Map.of("csrf", csrf));
    assertThat(out.status()).isEqualTo(200);
    assertThat(out.setCookies()).singleElement().asString().contains("Max-Age=0");
    assertThat(browser.cookies).doesNotContainKey(SessionCookies.COOKIE);
    assertThat(
            browser.get(dashboard.url() + "/whoami", Map.of("Accept", "application/json")).status())
        .isEqualTo(401);
  }
}
