package com.chittysync.web.auth;

import com.chittysync.core.config.Environment;
import com.chittysync.web.oidc.OidcLogin;
import com.chittysync.web.oidc.OidcProvider;
import dagger.Binds;
import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * Provides the authentication seam: {@link WebAuthSettings}, the {@link Authenticator} (a {@link
 * WebAuth}), {@link AccessControl}, {@link Csrf}, {@link SessionCookies} and {@link LoginRoutes}.
 * Needs an {@link Environment} and a {@link Clock} ({@code ConfigModule}, {@code TimeModule}).
 *
 * <p>Nothing here touches the network when built: the issuer's discovery document and keys are
 * fetched on first use. The settings are validated when first injected, so a component that exposes
 * them or the authenticator validates them at init. {@link Csrf}, {@link SessionCookies} and {@link
 * LoginRoutes} need {@value WebAuthSettings#SESSION_KEY} and fail naming it when it is unset; the
 * {@link Authenticator} and {@link AccessControl#read} do not, so a function that only reads the
 * claims API Gateway verified needs no session key and no issuer.
 */
@Module
public abstract class WebAuthModule {
  private WebAuthModule() {}

  @Provides
  @Singleton
  static WebAuthSettings settings(Environment env) {
    return WebAuthSettings.from(env);
  }

  @Provides
  @Singleton
  static Optional<OidcProvider> oidcProvider(WebAuthSettings settings, Clock clock) {
    return settings.oidc().map(oidc -> new OidcProvider(oidc, clock));
  }

  @Provides
  @Singleton
  static Optional<SessionCookies> optionalSessionCookies(WebAuthSettings settings, Clock clock) {
    return settings.sessionKey().map(key -> new SessionCookies(key, clock));
  }

  @Provides
  static SessionCookies sessionCookies(
      Optional<SessionCookies> sessions, WebAuthSettings settings, Clock clock) {
    // Without a key, requireSessionKey() throws the error naming CHITTYSYNC_SESSION_KEY.
    return sessions.orElseGet(() -> new SessionCookies(settings.requireSessionKey(), clock));
  }

  @Provides
  @Singleton
  static Csrf csrf(WebAuthSettings settings) {
    return new Csrf(settings.requireSessionKey());
  }

  @Provides
  @Singleton
  static WebAuth webAuth(
      WebAuthSettings settings,
      Optional<OidcProvider> issuer,
      Optional<SessionCookies> sessions,
      Clock clock) {
    return new WebAuth(
        settings.roles(),
        new BearerTokens(issuer, settings.roles(), settings.localApiToken(), clock),
        sessions,
        clock);
  }

  @Binds
  abstract Authenticator authenticator(WebAuth webAuth);

  @Provides
  @Singleton
  static AccessControl accessControl(Authenticator authenticator, Lazy<Csrf> csrf) {
    return new AccessControl(authenticator, csrf::get);
  }

  @Provides
  @Singleton
  static LoginRoutes loginRoutes(
      WebAuthSettings settings,
      Optional<OidcProvider> issuer,
      SessionCookies sessions,
      AccessControl access,
      Clock clock) {
    Optional<OidcLogin> oidc =
        issuer.map(
            provider ->
                new OidcLogin(
                    provider,
                    settings.dashboardUrl(),
                    settings.roles(),
                    sessions,
                    settings.requireSessionKey(),
                    clock));
    return new LoginRoutes(
        oidc, new LocalLogin(settings.localLoginToken(), sessions), sessions, access);
  }
}
