package com.chittysync.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebAuthSettingsTest {
  private static WebAuthSettings settings(Map<String, String> env) {
    return WebAuthSettings.from(Environment.of(env));
  }

  @Test
  void nothingIsRequiredAndTheDefaultsAreGroupsAndTheChittysyncValues() {
    WebAuthSettings s = settings(Map.of());
    assertThat(s.sessionKey()).isEmpty();
    assertThat(s.oidc()).isEmpty();
    assertThat(s.publicAudit()).isFalse();
    assertThat(s.roles()).isEqualTo(RoleClaim.defaults());
    assertThatThrownBy(s::requireSessionKey)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CHITTYSYNC_SESSION_KEY: required");
  }

  @Test
  void aCognitoSetupIsRead() {
    WebAuthSettings s =
        settings(
            Map.of(
                "CHITTYSYNC_OIDC_ISSUER",
                    "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
                "CHITTYSYNC_OIDC_CLIENT_ID", "client-1",
                "CHITTYSYNC_OIDC_ROLE_CLAIM", "cognito:groups",
                "CHITTYSYNC_OIDC_OPERATOR_VALUES", "ops, admins",
                "CHITTYSYNC_DASHBOARD_URL", "https://chittysync.example.org/",
                "CHITTYSYNC_PUBLIC_AUDIT", "TRUE"));
    assertThat(s.oidc().orElseThrow().clientSecret()).isEmpty();
    assertThat(s.oidc().orElseThrow().discoveryUrl())
        .isEqualTo(
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC/.well-known/openid-configuration");
    assertThat(s.roles().claim()).isEqualTo("cognito:groups");
    assertThat(s.roles().operatorValues()).isEqualTo(Set.of("ops", "admins"));
    assertThat(s.redirectUri()).isEqualTo("https://chittysync.example.org/login/callback");
    assertThat(s.publicAudit()).isTrue();
  }

  @Test
  void everyProblemIsNamedAtOnceWithoutEchoingSecrets() {
    String secret = "hunter2-client-secret";
    assertThatThrownBy(
            () ->
                settings(
                    Map.of(
                        "CHITTYSYNC_SESSION_KEY", "c2hvcnQ=",
                        "CHITTYSYNC_OIDC_ISSUER", "http://login.example.org",
                        "CHITTYSYNC_OIDC_CLIENT_SECRET", secret,
                        "CHITTYSYNC_OIDC_VIEWER_VALUES", "chittysync-operator",
                        "CHITTYSYNC_DASHBOARD_URL", "ftp://x",
                        "CHITTYSYNC_PUBLIC_AUDIT", "yes",
                        "CHITTYSYNC_LOCAL_API_TOKEN", "short")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).startsWith("CHITTYSYNC_SESSION_KEY: holds 5 bytes"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "CHITTYSYNC_OIDC_ISSUER: must use https (plain http is"))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("CHITTYSYNC_OIDC_CLIENT_ID: required"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith(
                                    "CHITTYSYNC_OIDC_VIEWER_VALUES: chittysync-operator also in"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("CHITTYSYNC_DASHBOARD_URL: must be an https:// URL"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("CHITTYSYNC_PUBLIC_AUDIT: must be true or false"))
                    .anySatisfy(
                        p ->
                            assertThat(p).startsWith("CHITTYSYNC_LOCAL_API_TOKEN: shorter than 32"))
                    .allSatisfy(p -> assertThat(p).doesNotContain(secret)));
  }

  @Test
  void plainHttpIsAllowedOnlyForThisMachine() {
    assertThat(
            settings(
                    Map.of(
                        "CHITTYSYNC_OIDC_ISSUER", "http://127.0.0.1:9000",
                        "CHITTYSYNC_OIDC_CLIENT_ID", "c",
                        "CHITTYSYNC_DASHBOARD_URL", "http://localhost:8080"))
                .redirectUri())
        .isEqualTo("http://localhost:8080/login/callback");
  }

  @Test
  void aClientIdWithoutAnIssuerIsAMistake() {
    assertThatThrownBy(() -> settings(Map.of("CHITTYSYNC_OIDC_CLIENT_ID", "c")))
        .hasMessageStartingWith("CHITTYSYNC_OIDC_ISSUER: required with CHITTYSYNC_OIDC_CLIENT_ID");
  }

  @Test
  void apiGatewayArrayClaimsAndJwtArraysAreRead() {
    assertThat(RoleClaim.authorizerValues("[a b chittysync-viewer]"))
        .containsExactly("a", "b", "chittysync-viewer");
    assertThat(RoleClaim.authorizerValues("[\"a\",\"b\"]")).containsExactly("a", "b");
    assertThat(RoleClaim.authorizerValues("chittysync-operator"))
        .containsExactly("chittysync-operator");
    assertThat(RoleClaim.values(List.of("x", 3, "y"))).containsExactly("x", "y");
    assertThat(RoleClaim.defaults().role(List.of("chittysync-viewer", "chittysync-operator")))
        .contains(Role.OPERATOR);
  }
}
