package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compares the emulator's JSON with the documented fixtures in shared/reference/notion. */
class GoldenShapeTest {
  private static final String DATA_SOURCE = "d9824bdc-8445-4327-be8b-5b47500af6ce";
  private static final String DATABASE = "a1d8501e-1ac1-43e9-a6bd-ea9fe6c8822b";

  private NotionEmulator emulator;
  private Api api;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  /**
   * A seed that recreates the two pages of the COMPOSED 2025-09-03 query fixture: same ids, times,
   * users, parent, and property values given in the READ shape.
   */
  private JsonNode seedFromQueryFixture(JsonNode fixture) {
    ObjectNode schema = Json.object();
    ArrayNode pages = Json.array();
    ArrayNode users = Json.array();
    for (JsonNode page : fixture.get("results")) {
      ObjectNode values = Json.object();
      for (Iterator<String> it = page.get("properties").fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ObjectNode value = page.get("properties").get(name).deepCopy();
        String type = value.get("type").asText();
        // Docs quirk: "Number of units" (rollup) reuses the id "hgMz" of "Related tasks".
        String id = type.equals("rollup") ? "hgM2" : value.get("id").asText();
        ObjectNode config = Json.object().put("id", id).put("type", type);
        ObjectNode typeConfig = config.putObject(type);
        if (type.equals("unique_id")) {
          typeConfig.put("prefix", value.get("unique_id").get("prefix").asText());
        }
        if (type.equals("status")) {
          typeConfig.putArray("options").add(value.get("status").deepCopy());
        }
        if (type.equals("relation")) {
          typeConfig.put("data_source_id", DATA_SOURCE);
        }
        if (type.equals("last_edited_by")) {
          users.add(value.get("last_edited_by"));
        }
        schema.set(name, config);
        if (!Schema.READ_ONLY.contains(type)
            || type.equals("formula")
            || type.equals("rollup")
            || type.equals("unique_id")) {
          value.put("id", id);
          values.set(name, value);
        }
      }
      ObjectNode seedPage = pages.addObject();
      for (String f : new String[] {"id", "created_time", "last_edited_time", "icon", "cover"}) {
        seedPage.set(f, page.get(f));
      }
      seedPage.put("created_by", page.get("created_by").get("id").asText());
      seedPage.put("last_edited_by", page.get("last_edited_by").get("id").asText());
      seedPage.set("properties", values);
    }
    ObjectNode seed = Json.object();
    seed.set("users", users);
    ObjectNode db = seed.putArray("databases").addObject().put("id", DATABASE).put("title", "T");
    ObjectNode ds = db.putArray("data_sources").addObject().put("id", DATA_SOURCE);
    ds.put("name", "T");
    ds.set("properties", schema);
    ds.set("pages", pages);
    return seed;
  }

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void dataSourceQueryMatchesComposedFixturePageForPage() {
    JsonNode fixture = Api.fixture("data-source-query-response.2025-09-03.COMPOSED.json");
    emulator.loadSeed(seedFromQueryFixture(fixture));

    Api.Response first =
        api.post("/v1/data_sources/" + DATA_SOURCE + "/query", "{\"page_size\":1}");
    assertThat(first.status()).isEqualTo(200);
    assertThat(keys(first.body())).containsExactlyElementsOf(keys(fixture));
    assertThat(first.body().get("type")).isEqualTo(fixture.get("type"));
    assertThat(first.body().get("page_or_data_source")).isEqualTo(Json.object());
    assertThat(first.body().get("has_more").asBoolean()).isTrue();
    Api.Response second =
        api.post(
            "/v1/data_sources/" + DATA_SOURCE + "/query",
            "{\"page_size\":1,\"start_cursor\":\""
                + first.body().get("next_cursor").asText()
                + "\"}");
    assertThat(second.body().get("has_more").asBoolean()).isFalse();
    assertThat(second.body().get("next_cursor").isNull()).isTrue();

    List<JsonNode> actualPages =
        List.of(first.body().get("results").get(0), second.body().get("results").get(0));
    for (int i = 0; i < 2; i++) {
      JsonNode expected = fixture.get("results").get(i);
      JsonNode actual = actualPages.get(i);
      assertThat(keys(actual)).containsExactlyElementsOf(keys(expected));
      for (String field : keys(expected)) {
        if (!field.equals("properties")) {
          assertThat(actual.get(field)).as(field).isEqualTo(expected.get(field));
        }
      }
      for (Iterator<String> it = expected.get("properties").fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ObjectNode want = expected.get("properties").get(name).deepCopy();
        ObjectNode got = actual.get("properties").get(name).deepCopy();
        want.remove("name"); // docs quirk: one multi_select example carries the property name
        if (want.get("type").asText().equals("rollup")) {
          want.remove("id");
          got.remove("id");
        }
        assertThat(got).as(name).isEqualTo(want);
      }
    }
  }

  @Test
  void legacyDatabaseQueryHasThe2022Shape() {
    JsonNode fixture = Api.fixture("database-query-response.2022-06-28.json");
    emulator.loadSeed(
        seedFromQueryFixture(Api.fixture("data-source-query-response.2025-09-03.COMPOSED.json")));

    Api.Response r = api.version("2022-06-28").post("/v1/databases/" + DATABASE + "/query", "{}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(keys(r.body())).containsExactlyElementsOf(keys(fixture));
    assertThat(r.body().get("type").asText()).isEqualTo("page_or_database");
    JsonNode page = r.body().get("results").get(0);
    JsonNode expectedPage = fixture.get("results").get(0);
    // The 2022 fixture predates in_trash and public_url (see the fixtures' README); newer
    // responses carry them.
    List<String> expectedKeys = new ArrayList<>(keys(expectedPage));
    expectedKeys.add(expectedKeys.indexOf("archived") + 1, "in_trash");
    expectedKeys.add("public_url");
    assertThat(keys(page)).containsExactlyElementsOf(expectedKeys);
    assertThat(keys(page.get("parent")))
        .containsExactlyElementsOf(keys(expectedPage.get("parent")));
    assertThat(page.get("parent").get("database_id").asText()).isEqualTo(DATABASE);
  }

  @Test
  void trashedPageMatchesPageObjectFixtureKeys() {
    JsonNode fixture = Api.fixture("page-object.json");
    DataSourceHandle h =
        emulator.createDatabase("Bugs", Json.parseObject("{\"Title\":{\"title\":{}}}"));
    String id =
        emulator.createPage(
            h.dataSourceId(),
            Json.parseObject("{\"Title\":{\"title\":[{\"text\":{\"content\":\"Bug bash\"}}]}}"));

    Api.Response r = api.version("2022-06-28").patch("/v1/pages/" + id, "{\"archived\":true}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(keys(r.body())).containsExactlyElementsOf(keys(fixture));
    assertThat(r.body().get("archived").asBoolean()).isTrue();
    assertThat(r.body().get("in_trash").asBoolean()).isTrue();
    assertThat(r.body().get("properties").get("Title"))
        .isEqualTo(fixture.get("properties").get("Title"));
  }

  @Test
  void writeShapeFixtureRoundTripsIntoReadShapes() {
    JsonNode request = Api.fixture("page-properties-request.examples.json");
    JsonNode readExamples = Api.fixture("page-property-values.examples.json");
    ObjectNode schema =
        Json.parseObject(
            """
            {"Name":{"title":{}},"Task completed":{"checkbox":{}},"Due date":{"date":{}},
             "Email":{"email":{}},"Blueprint":{"files":{}},
             "Programming language":{"multi_select":{"options":[]}},
             "Number of subscribers":{"number":{}},"Stakeholders":{"people":{}},
             "Contact phone number":{"phone_number":{}},
             "Related tasks":{"relation":{"data_source_id":"d9824bdc-8445-4327-be8b-5b47500af6ce"}},
             "Department":{"select":{"options":[]}},
             "Status":{"status":{}},"Website":{"url":{}}}
            """);
    DataSourceHandle h = emulator.createDatabase("Tasks", schema);
    ObjectNode body = Json.object();
    body.putObject("parent").put("data_source_id", h.dataSourceId());
    body.set("properties", request.get("properties"));

    Api.Response r = api.post("/v1/pages", Json.write(body));

    assertThat(r.status()).isEqualTo(200);
    JsonNode props = r.body().get("properties");
    assertThat(props.get("Due date").get("date"))
        .isEqualTo(Json.parse("{\"start\":\"2023-02-23\",\"end\":null,\"time_zone\":null}"));
    assertThat(props.get("Related tasks").get("relation"))
        .isEqualTo(request.get("properties").get("Related tasks").get("relation"));
    assertThat(props.get("Related tasks").get("has_more").asBoolean()).isFalse();
    assertThat(props.get("Status").get("status").get("name").asText()).isEqualTo("Not started");
    assertThat(props.get("Contact phone number").get("phone_number").asText())
        .isEqualTo("415-202-4776");
    assertThat(props.get("Number of subscribers").get("number").asInt()).isEqualTo(42);
    // Each value has the same keys as the documented read example of its type.
    for (String name :
        List.of(
            "Task completed",
            "Due date",
            "Email",
            "Blueprint",
            "Stakeholders",
            "Department",
            "Status",
            "Website")) {
      JsonNode got = props.get(name);
      JsonNode want = readExamples.get(name);
      assertThat(keys(got)).as(name).containsExactlyElementsOf(keys(want));
      JsonNode gotValue = got.get(got.get("type").asText());
      JsonNode wantValue = want.get(want.get("type").asText());
      if (wantValue.isArray()) {
        assertThat(keys(gotValue.get(0))).as(name).isSubsetOf(keys(wantValue.get(0)));
      } else if (wantValue.isObject()) {
        assertThat(keys(gotValue)).as(name).containsExactlyElementsOf(keys(wantValue));
      }
    }
    JsonNode languages = props.get("Programming language").get("multi_select");
    assertThat(languages).hasSize(2);
    assertThat(keys(languages.get(0))).containsExactly("id", "name", "color");
  }

  @Test
  void errorEnvelopesMatchFixtures() {
    JsonNode validation = Api.fixture("error-400-validation-error.COMPOSED.json");
    JsonNode rateLimited = Api.fixture("error-429-rate-limited.COMPOSED.json");
    DataSourceHandle h = emulator.createDatabase("T", Json.parseObject("{\"N\":{\"title\":{}}}"));

    Api.Response bad =
        api.post("/v1/data_sources/" + h.dataSourceId() + "/query", "{\"page_size\":500}");
    emulator.rateLimit(0.001, 1);
    api.get("/v1/data_sources/" + h.dataSourceId());
    Api.Response limited = api.get("/v1/data_sources/" + h.dataSourceId());

    List<String> withRequestId = new ArrayList<>(keys(validation));
    withRequestId.add("request_id");
    assertThat(keys(bad.body())).containsExactlyElementsOf(withRequestId);
    assertThat(bad.body().get("code")).isEqualTo(validation.get("code"));
    assertThat(limited.body().get("message")).isEqualTo(rateLimited.get("message"));
    assertThat(limited.body().get("code")).isEqualTo(rateLimited.get("code"));
  }
}
