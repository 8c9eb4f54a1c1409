package com.chittysync.notion.oauth;

import com.chittysync.connect.CredentialsRefusedException;
import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.config.Secret;
import com.chittysync.notion.TokenSource;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The access token of a stored OAuth grant, renewed with its refresh token when Notion refuses it.
 *
 * <p>Notion rotates the refresh token on every refresh, and several functions may share one grant.
 * So before refreshing, the grant is read again: if another process already stored a new access
 * token, that one is used and the (now spent) refresh token is not. A refresh that Notion refuses
 * is followed by one more read for the same reason.
 */
public final class RefreshingTokenSource implements TokenSource {
  private final NotionTokenStore store;
  private final NotionOAuth oauth;
  private final AutoCloseable resources;
  private volatile Secret current;

  /**
   * @param store where the grant is kept
   * @param oauth the client that refreshes (client id and secret)
   * @param resources closed with this source (the store's secret client), may be null
   */
  public RefreshingTokenSource(NotionTokenStore store, NotionOAuth oauth, AutoCloseable resources) {
    this.store = store;
    this.oauth = oauth;
    this.resources = resources;
  }

  @Override
  public void close() {
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the secret store client failed", e);
      }
    }
  }

  @Override
  public Secret current() {
    Secret token = current;
    if (token == null) {
      token =
          accessToken(load())
              .orElseThrow(
                  () ->
                      new CredentialsRefusedException(
                          "secret '"
                              + store.secretId()
                              + "' holds no Notion access token: run `chittysync notion"
                              + " oauth-url` and install the integration again"));
      current = token;
    }
    return token;
  }

  @Override
  public synchronized Optional<Secret> renew(Secret refused) {
    JsonNode grant = load();
    Optional<Secret> stored = accessToken(grant);
    if (stored.isPresent() && !stored.get().reveal().equals(refused.reveal())) {
      current = stored.get();
      return stored;
    }
    JsonNode refresh = grant.path("refresh_token");
    if (!refresh.isTextual() || refresh.asText().isEmpty()) {
      return Optional.empty(); // a long-lived token: nothing to renew it with
    }
    TokenGrant renewed;
    try {
      renewed = oauth.refresh(Secret.of(refresh.asText()));
    } catch (ChittySyncException e) {
      if (!(e instanceof EndpointFailure.CredentialsRefused)) {
        throw e;
      }
      // Another process may have refreshed with this refresh token a moment ago.
      Optional<Secret> again = accessToken(load());
      if (again.isPresent() && !again.get().reveal().equals(refused.reveal())) {
        current = again.get();
        return again;
      }
      throw e;
    }
    store.save(renewed);
    current = renewed.accessToken();
    return Optional.of(renewed.accessToken());
  }

  private JsonNode load() {
    return store
        .load()
        .orElseThrow(
            () ->
                new CredentialsRefusedException(
                    "secret '"
                        + store.secretId()
                        + "' does not exist: run `chittysync notion oauth-url` to install the"
                        + " integration"));
  }

  private static Optional<Secret> accessToken(JsonNode grant) {
    JsonNode token = grant.path("access_token");
    return token.isTextual() && !token.asText().isEmpty()
        ? Optional.of(Secret.of(token.asText()))
        : Optional.empty();
  }
}
