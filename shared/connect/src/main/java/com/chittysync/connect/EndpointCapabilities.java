package com.chittysync.connect;

import java.util.Set;

/**
 * What an endpoint can do.
 *
 * @param incremental whether it can fetch only what changed since a cursor
 * @param maxBatch the most ops {@link Endpoint#apply} takes at once
 * @param readOnlyFields canonical fields it reads but never writes (formulas, computed columns)
 */
public record EndpointCapabilities(boolean incremental, int maxBatch, Set<String> readOnlyFields) {
  public EndpointCapabilities {
    readOnlyFields = Set.copyOf(readOnlyFields);
  }
}
