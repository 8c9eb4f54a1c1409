package com.chittysync.notion;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registry kept in a Notion data source, as seen from another registry's relation property: a
 * relation that points at its pages carries that registry's keys, not page ids.
 *
 * @param registry the registry's name
 * @param endpoint its {@code notion} endpoint's name
 * @param databaseId the endpoint's database, when configured
 * @param dataSourceId the endpoint's data source, when configured
 * @param keyProperty the Notion property that holds the registry key
 */
record RelatedRegistry(
    String registry,
    String endpoint,
    Optional<String> databaseId,
    Optional<String> dataSourceId,
    String keyProperty) {

  /** Whether a relation to {@code dataSourceId} in {@code databaseId} points at this registry. */
  boolean holds(String dataSourceId, String databaseId) {
    if (this.dataSourceId.isPresent()) {
      return this.dataSourceId.get().equals(normal(dataSourceId));
    }
    return databaseId != null && this.databaseId.map(normal(databaseId)::equals).orElse(false);
  }

  private static String normal(String id) {
    return id == null || id.replace("-", "").length() != 32 ? "" : NotionSettings.dashed(id);
  }

  /** Every registry in {@code config} with a valid {@code notion} endpoint. */
  static List<RelatedRegistry> in(SyncConfig config) {
    List<RelatedRegistry> found = new ArrayList<>();
    for (RegistryConfig registry : config.registries().values()) {
      for (EndpointConfig endpoint : registry.endpoints().values()) {
        if (!NotionEndpointType.TYPE.equals(endpoint.type())) {
          continue;
        }
        // Problems with another registry's endpoint are reported when that registry syncs.
        NotionSettings.parse(endpoint, registry, new ArrayList<>())
            .ifPresent(
                s ->
                    found.add(
                        new RelatedRegistry(
                            registry.name(),
                            endpoint.name(),
                            s.databaseId(),
                            s.dataSourceId(),
                            s.keyProperty())));
      }
    }
    return found;
  }
}
