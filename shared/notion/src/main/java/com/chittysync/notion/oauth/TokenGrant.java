package com.chittysync.notion.oauth;

import com.chittysync.connect.EndpointUnavailableException;
import com.chittysync.core.config.Secret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What Notion's token endpoint granted. Secrets are held as {@link Secret}s so that printing a
 * grant never shows them.
 *
 * @param accessToken the bearer token
 * @param refreshToken the refresh token, when Notion issued one
 * @param botId the installation's bot id (installations are keyed by it)
 * @param workspaceId the workspace
 * @param workspaceName the workspace's name, when given
 * @param stored every field as Notion sent it, to store
 */
public record TokenGrant(
    Secret accessToken,
    Optional<Secret> refreshToken,
    String botId,
    String workspaceId,
    Optional<String> workspaceName,
    ObjectNode stored) {

  static TokenGrant of(JsonNode json) {
    if (!json.path("access_token").isTextual() || json.path("access_token").asText().isEmpty()) {
      throw new EndpointUnavailableException("Notion's token response carries no access_token");
    }
    return new TokenGrant(
        Secret.of(json.get("access_token").asText()),
        json.path("refresh_token").isTextual()
            ? Optional.of(Secret.of(json.get("refresh_token").asText()))
            : Optional.empty(),
        json.path("bot_id").asText(""),
        json.path("workspace_id").asText(""),
        json.path("workspace_name").isTextual()
            ? Optional.of(json.get("workspace_name").asText())
            : Optional.empty(),
        ((ObjectNode) json).deepCopy());
  }

  @Override
  public String toString() {
    return "TokenGrant[bot_id=" + botId + ", workspace_id=" + workspaceId + "]";
  }
}
