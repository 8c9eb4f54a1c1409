package com.chittysync.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.NameOnlyEndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's view of the config: Notion and Sheets endpoints are known by name only, so the
 * webhook needs neither client, while everything else in the config is still checked.
 */
class ConfiguredRouterTest {
  private static final String DATABASE = "0ef104cd477e80e18571cfd10e92339a";

  @TempDir Path dir;

  private RegistryRouter routerOver(String yaml) throws Exception {
    Path config = dir.resolve("chittysync.yaml");
    Files.writeString(config, yaml);
    return new ConfiguredRouter(
            Environment.of(Map.of("CHITTYSYNC_CONFIG", config.toString())), null)
        .get();
  }

  @Test
  void notionAndSheetsEndpointsRouteWithoutTheirSettingsBeingChecked() throws Exception {
    // requests_per_second and range are settings the notion and sheets types would check; here
    // they are not looked at.
    RegistryRouter router =
        routerOver(
            """
            registries:
              projects:
                schema: project.schema.json
                key: project_id
                endpoints:
                  notion:
                    type: notion
                    database_id: %s
                    requests_per_second: lots
                    fields: {project_id: "Project ID"}
                  sheet:
                    type: sheets
                    range: 42
                    fields: {project_id: ID}
                  store:
                    type: postgres
                    table: public.projects
                    fields: {project_id: id}
            """
                .formatted(DATABASE));

    var event = Json.mapper().createObjectNode();
    event.putObject("data").putObject("parent").put("id", DATABASE);
    assertThat(router.route(event)).containsExactly("projects");
  }

  @Test
  void anEndpointTypeNobodyKnowsIsStillRefused() {
    assertThatThrownBy(
            () ->
                routerOver(
                    """
                    registries:
                      projects:
                        schema: project.schema.json
                        key: project_id
                        endpoints:
                          notion: {type: notoin, database_id: %s, fields: {project_id: ID}}
                    """
                        .formatted(DATABASE)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown endpoint type 'notoin'");
  }

  @Test
  void postgresEndpointsAndTheRegistryItselfAreStillChecked() {
    assertThatThrownBy(
            () ->
                routerOver(
                    """
                    registries:
                      projects:
                        schema: project.schema.json
                        endpoints:
                          notion: {type: notion, database_id: %s, fields: {project_id: ID}}
                          store: {type: postgres, fields: {project_id: id}}
                    """
                        .formatted(DATABASE)))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(p -> p.startsWith("registries.projects.key:"))
                    .anyMatch(p -> p.startsWith("registries.projects.endpoints.store.table:")));
  }

  @Test
  void anEndpointKnownByNameOnlyCannotBeOpened() {
    EndpointConfig endpoint =
        new EndpointConfig(
            "notion",
            "notion",
            Map.of("project_id", "ID"),
            JsonNodeFactory.instance.objectNode(),
            "registries.projects.endpoints.notion");
    assertThatThrownBy(() -> NameOnlyEndpointType.named("notion").open(endpoint, null, null))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("registries.projects.endpoints.notion")
        .hasMessageContaining("known here by name only");
  }
}
