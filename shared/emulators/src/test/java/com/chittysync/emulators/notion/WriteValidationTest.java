package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteValidationTest {
  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;
  private String pageId;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds =
        emulator.createDatabase(
            "T",
            Json.parseObject(
                """
                {"Name":{"title":{}},"Description":{"rich_text":{}},"Website":{"url":{}},
                 "Mail":{"email":{}},"Phone":{"phone_number":{}},"Tags":{"multi_select":{}},
                 "Kind":{"select":{"options":[{"name":"a"}]}},"State":{"status":{}},
                 "Count":{"number":{}},"Rel":{"relation":{}},"Who":{"people":{}},"Due":{"date":{}},
                 "F":{"formula":{"expression":"prop(\\"Count\\")"}},"Seq":{"unique_id":{}},
                 "Created":{"created_time":{}}}
                """));
    pageId =
        emulator.createPage(
            ds.dataSourceId(),
            Json.parseObject(
                "{\"Name\":{\"title\":[{\"text\":{\"content\":\"n\"}}]},"
                    + "\"Count\":{\"number\":1},\"Tags\":{\"multi_select\":[{\"name\":\"x\"}]}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Api.Response patch(String properties) {
    return api.patch("/v1/pages/" + pageId, "{\"properties\":" + properties + "}");
  }

  private static void assertValidation(Api.Response r, String message) {
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("object").asText()).isEqualTo("error");
    assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    assertThat(r.body().get("message").asText()).isEqualTo(message);
    assertThat(r.body().get("request_id").asText()).hasSize(36);
  }

  @Test
  void richTextLongerThan2000CharactersIsRejectedInNotionsWords() {
    Api.Response r =
        patch(
            "{\"Description\":{\"rich_text\":[{\"text\":{\"content\":\""
                + "x".repeat(3659)
                + "\"}}]}}");
    assertValidation(
        r,
        "body failed validation: body.properties.Description.rich_text[0].text.content.length"
            + " should be ≤ `2000`, instead was `3659`.");
  }

  @Test
  void arrayAndStringLimitsAreEnforced() {
    ObjectNode tags = Json.object();
    ArrayNode items = tags.putObject("Tags").putArray("multi_select");
    for (int i = 0; i < 101; i++) {
      items.addObject().put("name", "t" + i);
    }
    assertValidation(
        patch(Json.write(tags)),
        "body failed validation: body.properties.Tags.multi_select.length should be ≤ `100`,"
            + " instead was `101`.");
    ObjectNode text = Json.object();
    ArrayNode rt = text.putObject("Description").putArray("rich_text");
    for (int i = 0; i < 101; i++) {
      rt.addObject().putObject("text").put("content", "a");
    }
    assertThat(patch(Json.write(text)).body().get("message").asText())
        .contains("rich_text.length should be ≤ `100`");
    assertThat(
            patch("{\"Website\":{\"url\":\"" + "u".repeat(2001) + "\"}}")
                .body()
                .get("message")
                .asText())
        .contains("body.properties.Website.url.length should be ≤ `2000`, instead was `2001`");
    assertThat(patch("{\"Mail\":{\"email\":\"" + "e".repeat(201) + "\"}}").status()).isEqualTo(400);
    assertThat(patch("{\"Phone\":{\"phone_number\":\"" + "1".repeat(201) + "\"}}").status())
        .isEqualTo(400);
    StringBuilder rel = new StringBuilder("{\"Rel\":{\"relation\":[");
    for (int i = 0; i < 101; i++) {
      rel.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID()).append("\"}");
    }
    assertThat(patch(rel.append("]}}").toString()).body().get("message").asText())
        .contains("relation.length should be ≤ `100`");
  }

  @Test
  void readOnlyTypesCannotBeWritten() {
    for (String write :
        new String[] {
          "{\"F\":{\"formula\":{\"number\":1}}}",
          "{\"Seq\":{\"unique_id\":{\"number\":9}}}",
          "{\"Created\":{\"created_time\":\"2020-01-01T00:00:00.000Z\"}}"
        }) {
      Api.Response r = patch(write);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
      assertThat(r.body().get("message").asText()).contains("read-only");
    }
  }

  @Test
  void unknownPropertiesWrongTypesAndStatusOptionsAreRejected() {
    assertValidation(patch("{\"Nope\":{\"number\":1}}"), "Nope is not a property that exists.");
    assertValidation(patch("{\"Name\":{\"rich_text\":[]}}"), "Name is expected to be title.");
    assertValidation(
        patch("{\"State\":{\"status\":{\"name\":\"Blocked\"}}}"),
        "Invalid status option. Status option \"Blocked\" does not exist.");
  }

  @Test
  void numberGivenAStringIsRefusedWithTheStringQuoted() {
    assertValidation(
        patch("{\"Count\":{\"number\":\"42\"}}"),
        "body failed validation: body.properties.Count.number should be a number or `null`,"
            + " instead was `\"42\"`.");
  }

  @Test
  void aWriteValueHoldsOnlyItsTypeMember() {
    assertValidation(
        patch("{\"Count\":{\"number\":1,\"id\":\"abc\"}}"),
        "body failed validation: body.properties.Count.id should be not present, instead was"
            + " `\"abc\"`.");
    assertValidation(
        patch("{\"Count\":{\"number\":1,\"checkbox\":true}}"),
        "body failed validation: body.properties.Count.checkbox should be not present, instead"
            + " was `true`.");
    assertThat(patch("{\"Count\":{\"type\":\"number\",\"number\":2}}").status()).isEqualTo(200);
  }

  @Test
  void richTextAnnotationsAndLinksHaveTheirTypes() {
    String item = "{\"Description\":{\"rich_text\":[{\"text\":{\"content\":\"x\"%s}%s}]}}";
    assertValidation(
        patch(item.formatted("", ",\"annotations\":{\"bold\":\"yes\"}")),
        "body failed validation: body.properties.Description.rich_text[0].annotations.bold should"
            + " be a boolean, instead was `\"yes\"`.");
    assertValidation(
        patch(item.formatted("", ",\"annotations\":{\"color\":\"neon\"}")),
        "body failed validation: body.properties.Description.rich_text[0].annotations.color should"
            + " be a valid color, instead was `\"neon\"`.");
    assertValidation(
        patch(item.formatted("", ",\"annotations\":true")),
        "body failed validation: body.properties.Description.rich_text[0].annotations should be"
            + " an object, instead was `true`.");
    assertValidation(
        patch(item.formatted(",\"link\":\"https://example.com\"", "")),
        "body failed validation: body.properties.Description.rich_text[0].text.link should be an"
            + " object or `null`, instead was `\"https://example.com\"`.");
    Api.Response ok =
        patch(
            item.formatted(
                ",\"link\":null",
                ",\"annotations\":{\"italic\":true,\"color\":\"red_background\"}"));
    assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
  }

  @Test
  void dateEndAndTimeZoneHaveTheirTypes() {
    assertValidation(
        patch("{\"Due\":{\"date\":{\"start\":\"2026-01-01\",\"end\":5}}}"),
        "body failed validation: body.properties.Due.date.end should be a valid ISO 8601 date"
            + " string or `null`, instead was `5`.");
    assertValidation(
        patch("{\"Due\":{\"date\":{\"start\":\"2026-01-01T09:00\",\"time_zone\":\"Mars/Base\"}}}"),
        "body failed validation: body.properties.Due.date.time_zone should be an IANA time zone"
            + " name or `null`, instead was `\"Mars/Base\"`.");
    Api.Response ok =
        patch(
            "{\"Due\":{\"date\":{\"start\":\"2026-01-01T09:00\",\"end\":null,"
                + "\"time_zone\":\"America/Los_Angeles\"}}}");
    assertThat(ok.status()).as(ok.body().toString()).isEqualTo(200);
  }

  @Test
  void newOptionsTakeOnlyNotionColors() {
    assertValidation(
        patch("{\"Kind\":{\"select\":{\"name\":\"b\",\"color\":\"teal\"}}}"),
        "body failed validation: body.properties.Kind.select.color should be a valid color,"
            + " instead was `\"teal\"`.");
    assertThat(patch("{\"Kind\":{\"select\":{\"name\":\"b\",\"color\":\"pink\"}}}").status())
        .isEqualTo(200);
  }

  @Test
  void failedWritesChangeNothing() {
    String before = Json.write(emulator.page(pageId));
    patch("{\"Kind\":{\"select\":{\"name\":\"brand new\"}},\"Count\":{\"number\":\"x\"}}");
    assertThat(Json.write(emulator.page(pageId))).isEqualTo(before);
    assertThat(emulator.dataSource(ds.dataSourceId()).toString()).doesNotContain("brand new");
  }

  @Test
  void patchChangesOnlyGivenPropertiesAndArraysReplace() {
    emulator.clock().advance(Duration.ofMinutes(3));
    Api.Response r =
        patch(
            "{\"Tags\":{\"multi_select\":[{\"name\":\"y\"},{\"name\":\"z\"}]},\"Kind\":{\"select\":{\"name\":\"new\"}}}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode p = r.body().get("properties");
    assertThat(p.get("Tags").get("multi_select")).hasSize(2);
    assertThat(p.get("Tags").get("multi_select").get(0).get("name").asText()).isEqualTo("y");
    assertThat(p.get("Count").get("number").asInt()).isEqualTo(1);
    assertThat(p.get("F").get("formula"))
        .isEqualTo(Json.parse("{\"type\":\"number\",\"number\":1}"));
    assertThat(p.get("Name").get("title").get(0).get("plain_text").asText()).isEqualTo("n");
    assertThat(r.body().get("last_edited_time").asText())
        .isNotEqualTo(r.body().get("created_time").asText());
    assertThat(r.body().get("last_edited_by").get("id").asText()).isEqualTo(emulator.botUserId());
    // An unknown select name becomes a new option of the schema.
    assertThat(
            emulator
                .dataSource(ds.dataSourceId())
                .get("properties")
                .get("Kind")
                .get("select")
                .get("options"))
        .extracting(o -> o.get("name").asText())
        .contains("a", "new");
  }

  @Test
  void propertyIdsWorkAsKeys() {
    String countId = emulator.propertyId(ds.dataSourceId(), "Count");
    Api.Response r = patch("{\"" + countId + "\":{\"number\":42}}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("properties").get("Count").get("number").asInt()).isEqualTo(42);
  }

  @Test
  void protocolErrorsUseNotionCodes() {
    Api.Response badJson = api.patch("/v1/pages/" + pageId, "{not json");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body().get("code").asText()).isEqualTo("invalid_json");

    Api.Response noVersion = new Api(emulator).version(null).get("/v1/pages/" + pageId);
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.body().get("code").asText()).isEqualTo("missing_version");

    Api.Response badToken = new Api(emulator).token("secret_wrong").get("/v1/pages/" + pageId);
    assertThat(badToken.status()).isEqualTo(401);
    assertThat(badToken.body().get("code").asText()).isEqualTo("unauthorized");

    Api.Response missing = api.get("/v1/pages/" + UUID.randomUUID());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("code").asText()).isEqualTo("object_not_found");

    Api.Response undashed = api.get("/v1/pages/" + pageId.replace("-", ""));
    assertThat(undashed.body().get("id").asText()).isEqualTo(pageId);
    assertThat(undashed.header("x-notion-request-id")).isNotBlank();
  }

  @Test
  void unsharedDataSourcesAnswer404() {
    DataSourceHandle other =
        emulator.createDatabase("Other", Json.parseObject("{\"N\":{\"title\":{}}}"));
    String restricted = emulator.addToken("secret_restricted");
    emulator.restrictToken(restricted, other.dataSourceId());
    Api limited = new Api(emulator).token(restricted);

    assertThat(limited.get("/v1/pages/" + pageId).status()).isEqualTo(404);
    assertThat(limited.get("/v1/data_sources/" + ds.dataSourceId()).status()).isEqualTo(404);
    assertThat(limited.post("/v1/data_sources/" + ds.dataSourceId() + "/query", "{}").status())
        .isEqualTo(404);
    assertThat(limited.get("/v1/data_sources/" + other.dataSourceId()).status()).isEqualTo(200);
  }
}
