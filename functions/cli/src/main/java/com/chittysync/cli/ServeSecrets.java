package com.chittysync.cli;

import com.chittysync.web.auth.SessionKey;
import com.chittysync.web.auth.Tokens;
import com.chittysync.web.auth.WebAuthSettings;
import java.util.Map;

/**
 * What {@code chittysync serve} generates each time it starts, so that a local server is never open
 * to whoever else can reach the port: a session key, the one-time login token of the dashboard's
 * sign-in link, and the API token scripts send as {@code Authorization: Bearer}. None outlives the
 * process.
 *
 * @param sessionKey signs the dashboard's session cookies ({@value WebAuthSettings#SESSION_KEY})
 * @param loginToken the one-time login link's token ({@value WebAuthSettings#LOCAL_LOGIN_TOKEN})
 * @param apiToken the bearer token for scripts ({@value WebAuthSettings#LOCAL_API_TOKEN})
 */
record ServeSecrets(String sessionKey, String loginToken, String apiToken) {
  /** Fresh random values: 32 bytes each, base64url. */
  static ServeSecrets generate() {
    return new ServeSecrets(SessionKey.generateEncoded(), Tokens.random(32), Tokens.random(32));
  }

  /** The settings they are, by name, for the functions {@code serve} runs. */
  Map<String, String> env() {
    return Map.of(
        WebAuthSettings.SESSION_KEY, sessionKey,
        WebAuthSettings.LOCAL_LOGIN_TOKEN, loginToken,
        WebAuthSettings.LOCAL_API_TOKEN, apiToken);
  }

  @Override
  public String toString() {
    return "ServeSecrets[****]";
  }
}
