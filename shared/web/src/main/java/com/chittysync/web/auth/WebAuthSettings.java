package com.chittysync.web.auth;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.web.oidc.OidcSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may sign in to the dashboard and read the audit API, and how; read from the environment once
 * and validated when the function starts, so a mistake shows up at deploy time and not at the first
 * sign-in.
 *
 * <p>Everything is optional here: a function that only reads API Gateway's verified claims needs
 * none of it. What a part needs it asks for ({@link #requireSessionKey()}, {@link
 * #requireDashboardUrl()}) and gets a message naming the setting when it is missing.
 *
 * @param sessionKey signs session cookies, CSRF tokens and the sign-in flow's cookie ({@value
 *     #SESSION_KEY})
 * @param oidc the identity provider, when sign-in through one is configured ({@value #OIDC_ISSUER})
 * @param roles how a token's claims grant a role
 * @param dashboardUrl the dashboard's public base URL without a trailing slash ({@value
 *     #DASHBOARD_URL})
 * @param publicAudit whether the audit API is open to anyone ({@value #PUBLIC_AUDIT})
 * @param localLoginToken the one-time sign-in token of {@code chittysync serve} ({@value
 *     #LOCAL_LOGIN_TOKEN})
 * @param localApiToken the bearer token of {@code chittysync serve} for scripts ({@value
 *     #LOCAL_API_TOKEN})
 */
public record WebAuthSettings(
    Optional<SessionKey> sessionKey,
    Optional<OidcSettings> oidc,
    RoleClaim roles,
    Optional<String> dashboardUrl,
    boolean publicAudit,
    Optional<Secret> localLoginToken,
    Optional<Secret> localApiToken) {

  /** The key signing sessions and CSRF tokens; usually a {@code secretsmanager:} reference. */
  public static final String SESSION_KEY = SessionKey.SETTING;

  /** The OpenID Connect issuer URL. */
  public static final String OIDC_ISSUER = "CHITTYSYNC_OIDC_ISSUER";

  /** This client's id at the issuer. */
  public static final String OIDC_CLIENT_ID = "CHITTYSYNC_OIDC_CLIENT_ID";

  /** This client's secret at the issuer (unset for a public client). */
  public static final String OIDC_CLIENT_SECRET = "CHITTYSYNC_OIDC_CLIENT_SECRET";

  /** The claim that carries roles (default {@value RoleClaim#DEFAULT_CLAIM}). */
  public static final String OIDC_ROLE_CLAIM = "CHITTYSYNC_OIDC_ROLE_CLAIM";

  /** Comma-separated claim values granting the operator role. */
  public static final String OIDC_OPERATOR_VALUES = "CHITTYSYNC_OIDC_OPERATOR_VALUES";

  /** Comma-separated claim values granting the viewer role. */
  public static final String OIDC_VIEWER_VALUES = "CHITTYSYNC_OIDC_VIEWER_VALUES";

  /** The dashboard's public base URL; the redirect URI is this plus {@value #CALLBACK_PATH}. */
  public static final String DASHBOARD_URL = "CHITTYSYNC_DASHBOARD_URL";

  /** {@code true} publishes the audit API to anyone who can reach it. */
  public static final String PUBLIC_AUDIT = "CHITTYSYNC_PUBLIC_AUDIT";

  /** The one-time sign-in token {@code chittysync serve} generates. */
  public static final String LOCAL_LOGIN_TOKEN = "CHITTYSYNC_LOCAL_LOGIN_TOKEN";

  /** The bearer token {@code chittysync serve} generates for scripts. */
  public static final String LOCAL_API_TOKEN = "CHITTYSYNC_LOCAL_API_TOKEN";

  /** The path of the redirect URI under the dashboard URL. */
  public static final String CALLBACK_PATH = "/login/callback";

  /** The shortest local token accepted: 24 random bytes in base64url. */
  static final int MIN_LOCAL_TOKEN_LENGTH = 32;

  /** The most values one of the role-value settings may list. */
  static final int MAX_ROLE_VALUES = 50;

  /** The longest claim name or value accepted. */
  static final int MAX_CLAIM_LENGTH = 256;

  /**
   * Reads and validates the settings.
   *
   * @throws ConfigException naming every setting at fault (never echoing a secret)
   */
  public static WebAuthSettings from(Environment env) {
    List<String> problems = new ArrayList<>();

    Optional<SessionKey> sessionKey = Optional.empty();
    Optional<String> rawKey = env.get(SESSION_KEY);
    if (rawKey.isPresent()) {
      try {
        sessionKey = Optional.of(SessionKey.parse(rawKey.get()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }

    Optional<OidcSettings> oidc = Optional.empty();
    Optional<String> issuer = env.get(OIDC_ISSUER).map(String::strip);
    Optional<String> clientId = env.get(OIDC_CLIENT_ID).map(String::strip);
    Optional<Secret> clientSecret = env.secret(OIDC_CLIENT_SECRET);
    if (issuer.isPresent()) {
      checkUrl(OIDC_ISSUER, issuer.get(), problems);
      if (clientId.isEmpty()) {
        problems.add(
            OIDC_CLIENT_ID
                + ": required with "
                + OIDC_ISSUER
                + ": the client id this deployment has at the issuer (its ID tokens' audience)");
      } else if (clientId.get().length() > MAX_CLAIM_LENGTH) {
        problems.add(OIDC_CLIENT_ID + ": longer than " + MAX_CLAIM_LENGTH + " characters");
      }
      if (clientId.isPresent()) {
        oidc = Optional.of(new OidcSettings(issuer.get(), clientId.get(), clientSecret));
      }
    } else if (clientId.isPresent() || clientSecret.isPresent()) {
      problems.add(
          OIDC_ISSUER
              + ": required with "
              + (clientId.isPresent() ? OIDC_CLIENT_ID : OIDC_CLIENT_SECRET)
              + ": the issuer URL, e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>");
    }

    String claim = env.get(OIDC_ROLE_CLAIM, RoleClaim.DEFAULT_CLAIM).strip();
    if (claim.isEmpty() || claim.length() > MAX_CLAIM_LENGTH) {
      problems.add(OIDC_ROLE_CLAIM + ": must name a claim, e.g. groups or cognito:groups");
    }
    Set<String> operators =
        values(OIDC_OPERATOR_VALUES, env.get(OIDC_OPERATOR_VALUES, RoleClaim.DEFAULT_OPERATOR));
    Set<String> viewers =
        values(OIDC_VIEWER_VALUES, env.get(OIDC_VIEWER_VALUES, RoleClaim.DEFAULT_VIEWER));
    if (operators.isEmpty()) {
      problems.add(OIDC_OPERATOR_VALUES + ": must list at least one value, comma-separated");
    }
    if (viewers.isEmpty()) {
      problems.add(OIDC_VIEWER_VALUES + ": must list at least one value, comma-separated");
    }
    for (String name : List.of(OIDC_OPERATOR_VALUES, OIDC_VIEWER_VALUES)) {
      Set<String> set = name.equals(OIDC_OPERATOR_VALUES) ? operators : viewers;
      if (set.size() > MAX_ROLE_VALUES) {
        problems.add(name + ": lists more than " + MAX_ROLE_VALUES + " values");
      }
      if (set.stream().anyMatch(v -> v.length() > MAX_CLAIM_LENGTH)) {
        problems.add(name + ": a value is longer than " + MAX_CLAIM_LENGTH + " characters");
      }
    }
    Set<String> both = new HashSet<>(operators);
    both.retainAll(viewers);
    if (!both.isEmpty()) {
      problems.add(
          OIDC_VIEWER_VALUES
              + ": "
              + String.join(", ", both.stream().sorted().toList())
              + " also in "
              + OIDC_OPERATOR_VALUES
              + "; a value grants one role");
    }

    Optional<String> dashboard =
        env.get(DASHBOARD_URL).map(String::strip).filter(d -> !d.isEmpty());
    if (dashboard.isPresent()) {
      checkUrl(DASHBOARD_URL, dashboard.get(), problems);
      String d = dashboard.get();
      while (d.endsWith("/")) {
        d = d.substring(0, d.length() - 1);
      }
      dashboard = Optional.of(d);
    }

    boolean publicAudit = false;
    try {
      publicAudit = env.getBoolean(PUBLIC_AUDIT, false);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }

    Optional<Secret> loginToken = localToken(env, LOCAL_LOGIN_TOKEN, problems);
    Optional<Secret> apiToken = localToken(env, LOCAL_API_TOKEN, problems);

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new WebAuthSettings(
        sessionKey,
        oidc,
        new RoleClaim(claim, operators, viewers),
        dashboard,
        publicAudit,
        loginToken,
        apiToken);
  }

  /**
   * The session key, or a configuration error saying how to set it.
   *
   * @throws ConfigException when {@value #SESSION_KEY} is unset
   */
  public SessionKey requireSessionKey() {
    return sessionKey.orElseThrow(
        () ->
            new ConfigException(
                SESSION_KEY
                    + ": required to sign session cookies and CSRF tokens; set it to at least 32"
                    + " random bytes, base64 or hex ('openssl rand -base64 32'), or to a"
                    + " secretsmanager: reference"));
  }

  /**
   * The dashboard's base URL, or a configuration error saying how to set it.
   *
   * @throws ConfigException when {@value #DASHBOARD_URL} is unset
   */
  public String requireDashboardUrl() {
    return dashboardUrl.orElseThrow(
        () ->
            new ConfigException(
                DASHBOARD_URL
                    + ": required to sign in through "
                    + OIDC_ISSUER
                    + ": the dashboard's public base URL, e.g. https://chittysync.example.org (the"
                    + " redirect URI registered at the issuer is that plus "
                    + CALLBACK_PATH
                    + ")"));
  }

  /** The redirect URI registered at the issuer: the dashboard URL plus {@value #CALLBACK_PATH}. */
  public String redirectUri() {
    return requireDashboardUrl() + CALLBACK_PATH;
  }

  private static Set<String> values(String name, String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : list.split(",")) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }

  private static Optional<Secret> localToken(Environment env, String name, List<String> problems) {
    Optional<Secret> token = env.secret(name).map(s -> Secret.of(s.reveal().strip()));
    if (token.isPresent() && token.get().reveal().length() < MIN_LOCAL_TOKEN_LENGTH) {
      problems.add(
          name
              + ": shorter than "
              + MIN_LOCAL_TOKEN_LENGTH
              + " characters; leave it to 'chittysync serve', which generates a random one");
      return Optional.empty();
    }
    return token;
  }

  /**
   * Checks that {@code value} is an https URL, or an http one to this machine (so that tests and
   * {@code chittysync serve} can run), with no query, fragment or user info.
   */
  static void checkUrl(String name, String value, List<String> problems) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      problems.add(name + ": not a URL: " + e.getReason());
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      problems.add(name + ": must be an https:// URL, e.g. https://login.example.org");
      return;
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      problems.add(
          name
              + ": must use https (plain http is allowed only for 127.0.0.1 and localhost), got "
              + uri.getScheme()
              + "://"
              + uri.getHost());
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
      problems.add(name + ": must not carry a query, fragment or user info");
    }
  }

  /** Whether {@code host} (a URL's or a Host header's, without port) names this machine. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]") || h.equals("::1");
  }
}
