package com.chittysync.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sync.config.ConfigLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryRouterTest {
  static final String DS_SHARED = "1f2e3d4c-5b6a-4978-8877-665544332211";
  static final String DB_PROJECTS = "0ef104cd-477e-80e1-8571-cfd10e92339a";

  /** people and contacts share one data source; projects is a database, beside a table. */
  static final String CONFIG =
      """
      registries:
        people:
          schema: schemas/person.schema.json
          key: person_id
          endpoints:
            notion:
              type: notion
              data_source_id: %s
              fields: {person_id: "Person ID", email: Email}
        contacts:
          schema: schemas/person.schema.json
          key: person_id
          endpoints:
            notion:
              type: notion
              data_source_id: %s
              fields: {person_id: "Person ID"}
        projects:
          schema: schemas/project.schema.json
          key: project_id
          endpoints:
            notion:
              type: notion
              database_id: %s
              fields: {project_id: "Project ID"}
            store:
              type: postgres
              table: public.projects
              fields: {project_id: id}
      """
          .formatted(
              DS_SHARED, DS_SHARED.replace("-", "").toUpperCase(), DB_PROJECTS.replace("-", ""));

  private static final RegistryRouter ROUTER =
      new RegistryRouter(
          ConfigLoader.parse(
              CONFIG,
              Path.of("chittysync.yaml"),
              ConfigLoader.typesOf(
                  List.of(new PostgresEndpointType(), new NotionEndpointType(null)))));

  @Test
  void pageInADatabaseMatchesByParentIdWhateverTheDashes() {
    // The documented page.created example: its parent is the projects database, dashed.
    ObjectNode event = NotionFixtures.json("webhook-event.page.created.json");
    assertThat(ROUTER.route(event)).containsExactly("projects");
  }

  @Test
  void pageInADataSourceMatchesEveryRegistryUsingIt() {
    ObjectNode event = NotionFixtures.json("webhook-event.page.properties_updated.json");
    assertThat(ROUTER.route(event)).as("workspace-level parent").isEmpty();
    ObjectNode parent = (ObjectNode) event.with("data").with("parent");
    parent.put("id", "ffffffff-0000-0000-0000-000000000000");
    parent.put("type", "database");
    parent.put("data_source_id", DS_SHARED.toUpperCase());
    assertThat(ROUTER.route(event)).containsExactly("people", "contacts");
  }

  @Test
  void dataSourceEntityMatchesByItsOwnId() {
    ObjectNode event = NotionFixtures.json("webhook-event.data_source.created.json");
    assertThat(ROUTER.route(event)).isEmpty();
    ((ObjectNode) event.get("entity")).put("id", DS_SHARED.replace("-", ""));
    assertThat(ROUTER.route(event)).containsExactly("people", "contacts");
    ((ObjectNode) event.get("entity")).put("type", "page");
    assertThat(ROUTER.route(event)).as("a page's own id is not a data source").isEmpty();
  }

  @Test
  void configWithoutNotionEndpointsRoutesNothing() {
    SyncConfig config =
        ConfigLoader.parse(
            """
            registries:
              people:
                schema: s.json
                key: id
                endpoints:
                  main: {type: postgres, table: public.people, fields: {id: id}}
            """,
            Path.of("c.yaml"),
            ConfigLoader.typesOf(List.of(new PostgresEndpointType())));
    RegistryRouter router = new RegistryRouter(config);
    assertThat(router.isEmpty()).isTrue();
    assertThat(router.route(NotionFixtures.json("webhook-event.page.created.json"))).isEmpty();
  }
}
