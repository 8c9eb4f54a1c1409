package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedTest {
  private static final String SEED =
      """
      {
        "users": [{"object":"user","id":"c2f20311-9e54-4d11-8c79-7398424ae41e","name":"Ada",
                   "avatar_url":null,"type":"person","person":{"email":"ada@example.com"}}],
        "tokens": [{"token":"secret_projects_only","data_sources":["22222222-2222-2222-2222-222222222222"]}],
        "databases": [
          {"id":"11111111-1111-1111-1111-111111111111","title":"Tasks",
           "data_sources":[{"id":"11111111-1111-1111-1111-aaaaaaaaaaaa","name":"Tasks",
             "properties":{"Name":{"title":{}},
               "Project":{"relation":{"data_source_id":"22222222-2222-2222-2222-222222222222"}},
               "Owner":{"people":{}},
               "Hours":{"number":{}}},
             "pages":[{"id":"33333333-3333-3333-3333-333333333333",
                       "created_time":"2026-01-01T10:05:00.000Z","last_edited_time":"2026-01-02T08:00:00.000Z",
                       "created_by":"c2f20311-9e54-4d11-8c79-7398424ae41e",
                       "properties":{"Name":{"title":[{"text":{"content":"Write docs"}}]},
                         "Hours":{"number":3},
                         "Owner":{"people":[{"object":"user","id":"c2f20311-9e54-4d11-8c79-7398424ae41e"}]},
                         "Project":{"relation":[{"id":"44444444-4444-4444-4444-444444444444"}]}}}]}]},
          {"id":"55555555-5555-5555-5555-555555555555","title":"Projects",
           "data_sources":[{"id":"22222222-2222-2222-2222-222222222222","name":"Projects",
             "properties":{"Name":{"title":{}},
               "Tasks":{"relation":{"data_source_id":"11111111-1111-1111-1111-aaaaaaaaaaaa"}},
               "Total hours":{"rollup":{"relation_property_name":"Tasks","rollup_property_name":"Hours","function":"sum"}}},
             "pages":[{"id":"44444444-4444-4444-4444-444444444444",
                       "properties":{"Name":{"title":[{"text":{"content":"Docs"}}]},
                         "Tasks":{"relation":[{"id":"33333333-3333-3333-3333-333333333333"}]}}}]}]}
        ]
      }
      """;

  @Test
  void loadsDatabasesPagesUsersAndTokensFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("seed.json");
    Files.writeString(file, SEED);
    try (NotionEmulator emulator = NotionEmulator.start()) {
      emulator.loadSeed(file);
      Api api = new Api(emulator);

      JsonNode task = api.get("/v1/pages/33333333333333333333333333333333").body();
      assertThat(task.get("created_time").asText()).isEqualTo("2026-01-01T10:05:00.000Z");
      assertThat(task.get("last_edited_time").asText()).isEqualTo("2026-01-02T08:00:00.000Z");
      assertThat(task.get("properties").get("Owner").get("people").get(0).get("name").asText())
          .isEqualTo("Ada");
      assertThat(task.get("parent").get("database_id").asText())
          .isEqualTo("11111111-1111-1111-1111-111111111111");

      JsonNode project = api.get("/v1/pages/44444444-4444-4444-4444-444444444444").body();
      assertThat(project.get("properties").get("Total hours").get("rollup"))
          .isEqualTo(Json.parse("{\"type\":\"number\",\"number\":3,\"function\":\"sum\"}"));
      JsonNode schema = api.get("/v1/data_sources/11111111-1111-1111-1111-aaaaaaaaaaaa").body();
      assertThat(
              schema.get("properties").get("Project").get("relation").get("database_id").asText())
          .isEqualTo("55555555-5555-5555-5555-555555555555");

      Api restricted = new Api(emulator).token("secret_projects_only");
      assertThat(restricted.get("/v1/pages/33333333-3333-3333-3333-333333333333").status())
          .isEqualTo(404);
      assertThat(restricted.get("/v1/pages/44444444-4444-4444-4444-444444444444").status())
          .isEqualTo(200);
    }
  }
}
