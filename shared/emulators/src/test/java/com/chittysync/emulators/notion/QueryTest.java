package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryTest {
  private static final String SCHEMA =
      """
      {"Name":{"title":{}},"Notes":{"rich_text":{}},"Count":{"number":{}},"Done":{"checkbox":{}},
       "Kind":{"select":{"options":[{"name":"bug","color":"red"},{"name":"feature"}]}},
       "Tags":{"multi_select":{"options":[]}},"State":{"status":{}},"Due":{"date":{}},
       "Owner":{"people":{}},"Link":{"url":{}},"Mail":{"email":{}},"Phone":{"phone_number":{}},
       "Seq":{"unique_id":{"prefix":"T"}},"Edited":{"last_edited_time":{}}}
      """;

  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    // These tests name the minute every stamp falls in: time moves only when they move it.
    emulator.clock().freeze();
    emulator.clock().set(Instant.parse("2026-01-01T10:05:17.250Z"));
    api = new Api(emulator);
    ds = emulator.createDatabase("Tasks", Json.parseObject(SCHEMA));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String page(String json) {
    return emulator.createPage(ds.dataSourceId(), Json.parseObject(json));
  }

  private static String title(String text) {
    return "{\"Name\":{\"title\":[{\"text\":{\"content\":\"" + text + "\"}}]}}";
  }

  private Api.Response query(String body) {
    return api.post("/v1/data_sources/" + ds.dataSourceId() + "/query", body);
  }

  private List<String> titles(String body) {
    Api.Response r = query(body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode p : r.body().get("results")) {
      out.add(p.get("properties").get("Name").get("title").get(0).get("plain_text").asText());
    }
    return out;
  }

  @Test
  void paginatesWithOpaqueCursorsWithoutDuplicates() {
    for (int i = 0; i < 250; i++) {
      page(title("p" + i));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int requests = 0;
    do {
      String body =
          cursor == null
              ? "{\"page_size\":100}"
              : "{\"page_size\":100,\"start_cursor\":\"" + cursor + "\"}";
      Api.Response r = query(body);
      requests++;
      r.body().get("results").forEach(p -> assertThat(seen.add(p.get("id").asText())).isTrue());
      cursor = r.body().get("has_more").asBoolean() ? r.body().get("next_cursor").asText() : null;
      if (cursor == null) {
        assertThat(r.body().get("next_cursor").isNull()).isTrue();
      }
    } while (cursor != null);
    assertThat(requests).isEqualTo(3);
    assertThat(seen).hasSize(250);
  }

  @Test
  void pageSizeAbove100IsAValidationError() {
    Api.Response r = query("{\"page_size\":101}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    assertThat(r.body().get("message").asText())
        .isEqualTo("body failed validation: body.page_size should be ≤ `100`, instead was `101`.");
  }

  @Test
  void timestampFilterUsesMinuteRoundedLastEditedTime() {
    String a = page(title("a"));
    emulator.clock().advance(Duration.ofSeconds(30)); // 10:05:47, same minute
    String b = page(title("b"));
    emulator.clock().advance(Duration.ofMinutes(2)); // 10:07:47
    page(title("c"));

    assertThat(emulator.page(b).get("last_edited_time").asText())
        .isEqualTo("2026-01-01T10:05:00.000Z");
    String filter =
        "{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":"
            + "{\"on_or_after\":\"2026-01-01T10:05:00.000Z\"}}}";
    assertThat(titles(filter)).containsExactly("a", "b", "c");
    assertThat(
            titles(
                "{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":"
                    + "{\"after\":\"2026-01-01T10:05:00.000Z\"}}}"))
        .containsExactly("c");
    assertThat(
            titles(
                "{\"filter\":{\"timestamp\":\"created_time\",\"created_time\":"
                    + "{\"before\":\"2026-01-01T10:06:00Z\"}}}"))
        .containsExactly("a", "b");
    assertThat(
            titles(
                "{\"filter\":{\"timestamp\":\"created_time\",\"created_time\":"
                    + "{\"equals\":\"2026-01-01\"}}}"))
        .hasSize(3);

    emulator.humanEdit(a, Json.parseObject("{\"Count\":{\"number\":1}}"));
    assertThat(
            titles(
                "{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":"
                    + "{\"on_or_after\":\"2026-01-01T10:07:00.000Z\"}}}"))
        .containsExactly("a", "c");
  }

  @Test
  void propertyFiltersCoverEveryType() {
    String ada = "c2f20311-9e54-4d11-8c79-7398424ae41e";
    page(
        """
        {"Name":{"title":[{"text":{"content":"Alpha task"}}]},"Notes":{"rich_text":[{"text":{"content":"hello"}}]},
         "Count":{"number":5},"Done":{"checkbox":true},"Kind":{"select":{"name":"bug"}},
         "Tags":{"multi_select":[{"name":"x"},{"name":"y"}]},"State":{"status":{"name":"Done"}},
         "Due":{"date":{"start":"2026-02-01"}},"Owner":{"people":[{"object":"user","id":"%s"}]},
         "Link":{"url":"https://a.example"},"Mail":{"email":"a@example.com"},"Phone":{"phone_number":"123"}}
        """
            .formatted(ada));
    page(
        """
        {"Name":{"title":[{"text":{"content":"Beta"}}]},"Count":{"number":10},
         "Kind":{"select":{"name":"feature"}},"Tags":{"multi_select":[{"name":"y"}]},
         "Due":{"date":{"start":"2026-03-01T12:00:00Z"}}}
        """);
    page(title("Gamma"));

    assertThat(titles(f("Name", "title", "{\"contains\":\"alpha\"}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Name", "title", "{\"equals\":\"Beta\"}"))).containsExactly("Beta");
    assertThat(titles(f("Notes", "rich_text", "{\"is_empty\":true}")))
        .containsExactly("Beta", "Gamma");
    assertThat(titles(f("Count", "number", "{\"greater_than\":5}"))).containsExactly("Beta");
    assertThat(titles(f("Count", "number", "{\"less_than_or_equal_to\":5}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Count", "number", "{\"is_empty\":true}"))).containsExactly("Gamma");
    assertThat(titles(f("Done", "checkbox", "{\"equals\":false}")))
        .containsExactly("Beta", "Gamma");
    assertThat(titles(f("Kind", "select", "{\"equals\":\"bug\"}"))).containsExactly("Alpha task");
    assertThat(titles(f("Kind", "select", "{\"is_empty\":true}"))).containsExactly("Gamma");
    assertThat(titles(f("Tags", "multi_select", "{\"contains\":\"y\"}")))
        .containsExactly("Alpha task", "Beta");
    assertThat(titles(f("State", "status", "{\"equals\":\"Not started\"}")))
        .containsExactly("Beta", "Gamma");
    assertThat(titles(f("Due", "date", "{\"on_or_after\":\"2026-02-15\"}")))
        .containsExactly("Beta");
    assertThat(titles(f("Due", "date", "{\"equals\":\"2026-02-01\"}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Due", "date", "{\"is_empty\":true}"))).containsExactly("Gamma");
    assertThat(titles(f("Owner", "people", "{\"contains\":\"" + ada + "\"}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Link", "url", "{\"is_not_empty\":true}"))).containsExactly("Alpha task");
    assertThat(titles(f("Mail", "email", "{\"ends_with\":\"example.com\"}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Phone", "phone_number", "{\"equals\":\"123\"}")))
        .containsExactly("Alpha task");
    assertThat(titles(f("Seq", "unique_id", "{\"greater_than\":1}")))
        .containsExactly("Beta", "Gamma");
    // Property ids work in place of names.
    String countId = emulator.propertyId(ds.dataSourceId(), "Count");
    assertThat(titles(f(countId, "number", "{\"equals\":10}"))).containsExactly("Beta");
  }

  private static String f(String property, String type, String condition) {
    ObjectNode filter = Json.object();
    filter.put("property", property);
    filter.set(type, Json.parse(condition));
    ObjectNode body = Json.object();
    body.set("filter", filter);
    return Json.write(body);
  }

  @Test
  void compoundFiltersNestTwoLevelsAtMost() {
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]},\"Count\":{\"number\":1}}");
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"b\"}}]},\"Count\":{\"number\":2}}");
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"c\"}}]},\"Count\":{\"number\":3}}");
    String n1 = "{\"property\":\"Count\",\"number\":{\"equals\":1}}";
    String n3 = "{\"property\":\"Count\",\"number\":{\"equals\":3}}";
    String notEmpty = "{\"property\":\"Name\",\"title\":{\"is_not_empty\":true}}";

    assertThat(titles("{\"filter\":{\"and\":[" + notEmpty + ",{\"or\":[" + n1 + "," + n3 + "]}]}}"))
        .containsExactly("a", "c");

    Api.Response tooDeep = query("{\"filter\":{\"and\":[{\"or\":[{\"and\":[" + n1 + "]}]}]}}");
    assertThat(tooDeep.status()).isEqualTo(400);
    assertThat(tooDeep.body().get("code").asText()).isEqualTo("validation_error");

    StringBuilder many = new StringBuilder("{\"filter\":{\"or\":[");
    for (int i = 0; i < 101; i++) {
      many.append(i == 0 ? "" : ",").append(n1);
    }
    Api.Response tooMany = query(many.append("]}}").toString());
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body().get("message").asText()).contains("should be ≤ `100`");

    Api.Response unknown = query(f("Nope", "number", "{\"equals\":1}"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("message").asText())
        .isEqualTo("Could not find property with name or id: Nope");
  }

  @Test
  void sortsByPropertyAndTimestamp() {
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"b\"}}]},\"Count\":{\"number\":2}}");
    emulator.clock().advance(Duration.ofMinutes(1));
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]},\"Count\":{\"number\":3}}");
    emulator.clock().advance(Duration.ofMinutes(1));
    page("{\"Name\":{\"title\":[{\"text\":{\"content\":\"c\"}}]}}");

    assertThat(titles("{\"sorts\":[{\"property\":\"Count\",\"direction\":\"descending\"}]}"))
        .containsExactly("a", "b", "c"); // empty values last
    assertThat(titles("{\"sorts\":[{\"property\":\"Name\",\"direction\":\"ascending\"}]}"))
        .containsExactly("a", "b", "c");
    assertThat(
            titles("{\"sorts\":[{\"timestamp\":\"created_time\",\"direction\":\"descending\"}]}"))
        .containsExactly("c", "a", "b");
  }

  @Test
  void trashedPagesAreLeftOutOfQueries() {
    String gone = page(title("gone"));
    page(title("kept"));
    Api.Response trash = api.patch("/v1/pages/" + gone, "{\"in_trash\":true}");
    assertThat(trash.body().get("in_trash").asBoolean()).isTrue();
    assertThat(trash.body().get("archived").asBoolean()).isTrue();

    assertThat(titles("{}")).containsExactly("kept");
    assertThat(titles("{\"in_trash\":false}")).containsExactly("kept");
    assertThat(titles("{\"archived\":false}")).containsExactly("kept");
    assertThat(api.get("/v1/pages/" + gone).body().get("in_trash").asBoolean()).isTrue();

    api.patch("/v1/pages/" + gone, "{\"in_trash\":false}");
    assertThat(titles("{}")).containsExactly("gone", "kept");
  }

  @Test
  void aQueryForTrashedPagesIsRefusedNotGuessed() {
    String gone = page(title("gone"));
    emulator.trash(gone);

    for (String flag : List.of("in_trash", "archived")) {
      Api.Response r = query("{\"" + flag + "\":true}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
      assertThat(r.body().get("message").asText())
          .startsWith("body." + flag + " is `true`")
          .contains("GET /v1/pages/{id}");
    }
    Api.Response notABoolean = query("{\"in_trash\":\"yes\"}");
    assertThat(notABoolean.status()).isEqualTo(400);
    assertThat(notABoolean.body().get("message").asText())
        .isEqualTo(
            "body failed validation: body.in_trash should be a boolean, instead was `\"yes\"`.");
  }

  @Test
  void movingAPageToTheTrashAndBackIsAnEditOfIt() {
    String page = page(title("p"));
    emulator.clock().advance(Duration.ofMinutes(3)); // 10:08:17
    Api.Response trashed = api.patch("/v1/pages/" + page, "{\"in_trash\":true}");
    assertThat(trashed.body().get("last_edited_time").asText())
        .isEqualTo("2026-01-01T10:08:00.000Z");

    emulator.clock().advance(Duration.ofMinutes(2)); // 10:10:17
    api.patch("/v1/pages/" + page, "{\"in_trash\":false}");
    // Restored, the page is among those edited since 10:10, as an incremental read asks.
    assertThat(
            titles(
                "{\"filter\":{\"timestamp\":\"last_edited_time\",\"last_edited_time\":"
                    + "{\"on_or_after\":\"2026-01-01T10:10:00.000Z\"}}}"))
        .containsExactly("p");
  }

  @Test
  void databaseEndpointsFollowTheApiVersion() {
    page(title("x"));
    Api.Response modern = api.get("/v1/databases/" + ds.databaseId());
    assertThat(modern.body().has("properties")).isFalse();
    assertThat(modern.body().get("data_sources").get(0).get("id").asText())
        .isEqualTo(ds.dataSourceId());

    Api legacy = new Api(emulator).version("2022-06-28");
    Api.Response old = legacy.get("/v1/databases/" + ds.databaseId());
    assertThat(old.body().get("properties").has("Name")).isTrue();
    assertThat(old.body().has("data_sources")).isFalse();
    Api.Response oldQuery = legacy.post("/v1/databases/" + ds.databaseId() + "/query", "{}");
    assertThat(oldQuery.body().get("results").get(0).get("parent").get("type").asText())
        .isEqualTo("database_id");
    assertThat(legacy.get("/v1/data_sources/" + ds.dataSourceId()).status()).isEqualTo(400);

    Api.Response source = api.get("/v1/data_sources/" + ds.dataSourceId());
    assertThat(source.body().get("object").asText()).isEqualTo("data_source");
    assertThat(source.body().get("properties").get("Name").get("id").asText()).isEqualTo("title");
  }

  @Test
  void databaseWithTwoDataSourcesRefusesDatabaseLevelAccess() {
    emulator.addDataSource(ds.databaseId(), "Second", Json.parseObject("{\"T\":{\"title\":{}}}"));

    Api.Response q = api.post("/v1/databases/" + ds.databaseId() + "/query", "{}");
    Api.Response create =
        api.post(
            "/v1/pages",
            "{\"parent\":{\"database_id\":\"" + ds.databaseId() + "\"},\"properties\":{}}");
    Api.Response legacyGet =
        new Api(emulator).version("2022-06-28").get("/v1/databases/" + ds.databaseId());

    for (Api.Response r : List.of(q, create, legacyGet)) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
      assertThat(r.body().get("message").asText()).contains("multiple data sources");
    }
    assertThat(api.get("/v1/databases/" + ds.databaseId()).body().get("data_sources")).hasSize(2);
  }

  @Test
  void searchFindsPagesAndDataSources() {
    page(title("Quarterly plan"));
    page(title("Other"));
    Api.Response r = api.post("/v1/search", "{\"query\":\"quarterly\"}");
    assertThat(r.body().get("results")).hasSize(1);
    Api.Response sources =
        api.post("/v1/search", "{\"filter\":{\"property\":\"object\",\"value\":\"data_source\"}}");
    assertThat(sources.body().get("results").get(0).get("object").asText())
        .isEqualTo("data_source");
    assertThat(sources.body().get("type").asText()).isEqualTo("page_or_data_source");
  }
}
