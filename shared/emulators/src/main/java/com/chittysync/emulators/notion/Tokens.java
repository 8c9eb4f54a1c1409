package com.chittysync.emulators.notion;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens the emulator accepts and what each may see. A token sees every data source unless
 * restricted; objects it cannot see answer 404, as unshared objects do in Notion.
 */
final class Tokens {
  /**
   * What a token may do.
   *
   * @param dataSourceIds visible data sources, or null for all
   */
  record Grant(String token, String botUserId, Set<String> dataSourceIds) {
    boolean canSee(String dataSourceId) {
      return dataSourceIds == null || dataSourceIds.contains(dataSourceId);
    }
  }

  private final Map<String, Grant> grants = new ConcurrentHashMap<>();

  void add(String token, String botUserId) {
    grants.put(token, new Grant(token, botUserId, null));
  }

  void restrict(String token, Set<String> dataSourceIds) {
    Grant g = grants.get(token);
    if (g == null) {
      throw new IllegalArgumentException("unknown token");
    }
    grants.put(
        token,
        new Grant(token, g.botUserId(), dataSourceIds == null ? null : Set.copyOf(dataSourceIds)));
  }

  void revoke(String token) {
    grants.remove(token);
  }

  Grant grant(String token) {
    return grants.get(token);
  }

  /** The grant for an {@code Authorization} header, or a 401 in Notion's words. */
  Grant authenticate(String authorization) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Grant g = grants.get(authorization.substring(7).trim());
      if (g != null) {
        return g;
      }
    }
    throw new NotionError(401, "unauthorized", "API token is invalid.");
  }
}
