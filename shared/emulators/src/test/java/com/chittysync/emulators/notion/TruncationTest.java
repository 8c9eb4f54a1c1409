package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TruncationTest {
  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;
  private String pageId;
  private final List<String> relatedIds = new ArrayList<>();

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds =
        emulator.createDatabase(
            "T",
            Json.parseObject(
                "{\"Name\":{\"title\":{}},\"Notes\":{\"rich_text\":{}},\"Who\":{\"people\":{}},"
                    + "\"Rel\":{\"relation\":{}}}"));
    ObjectNode props = Json.object();
    ArrayNode title = props.putObject("Name").putArray("title");
    ArrayNode notes = props.putObject("Notes").putArray("rich_text");
    ArrayNode who = props.putObject("Who").putArray("people");
    ArrayNode rel = props.putObject("Rel").putArray("relation");
    for (int i = 0; i < 30; i++) {
      title.addObject().putObject("text").put("content", "t" + i);
      notes.addObject().putObject("text").put("content", "n" + i);
      who.addObject().put("object", "user").put("id", UUID.randomUUID().toString());
      String id = UUID.randomUUID().toString();
      relatedIds.add(id);
      rel.addObject().put("id", id);
    }
    pageId = emulator.createPage(ds.dataSourceId(), props);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void getPageAndQueryReturnAtMost25References() {
    for (JsonNode page :
        List.of(
            api.get("/v1/pages/" + pageId).body(),
            api.post("/v1/data_sources/" + ds.dataSourceId() + "/query", "{}")
                .body()
                .get("results")
                .get(0))) {
      JsonNode p = page.get("properties");
      assertThat(p.get("Name").get("title")).hasSize(25);
      assertThat(p.get("Notes").get("rich_text")).hasSize(25);
      assertThat(p.get("Who").get("people")).hasSize(25);
      assertThat(p.get("Rel").get("relation")).hasSize(25);
      assertThat(p.get("Rel").get("has_more").asBoolean()).isTrue();
    }
    assertThat(emulator.page(pageId).get("properties").get("Rel").get("relation")).hasSize(30);
  }

  @Test
  void propertyItemEndpointPaginatesTheFullValue() {
    String relId = emulator.propertyId(ds.dataSourceId(), "Rel");
    String path =
        "/v1/pages/" + pageId + "/properties/" + URLEncoder.encode(relId, StandardCharsets.UTF_8);
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int calls = 0;
    do {
      Api.Response r =
          api.get(path + "?page_size=10" + (cursor == null ? "" : "&start_cursor=" + cursor));
      assertThat(r.status()).isEqualTo(200);
      JsonNode body = r.body();
      assertThat(body.get("object").asText()).isEqualTo("list");
      assertThat(body.get("type").asText()).isEqualTo("property_item");
      assertThat(body.get("property_item").get("type").asText()).isEqualTo("relation");
      for (JsonNode item : body.get("results")) {
        assertThat(item.get("object").asText()).isEqualTo("property_item");
        ids.add(item.get("relation").get("id").asText());
      }
      cursor = body.get("has_more").asBoolean() ? body.get("next_cursor").asText() : null;
      if (cursor != null) {
        assertThat(body.get("property_item").get("next_url").asText()).contains(cursor);
      }
      calls++;
    } while (cursor != null);
    assertThat(calls).isEqualTo(3);
    assertThat(ids).containsExactlyElementsOf(relatedIds);

    Api.Response title = api.get("/v1/pages/" + pageId + "/properties/title");
    assertThat(title.body().get("results")).hasSize(30);
    assertThat(title.body().get("results").get(29).get("title").get("plain_text").asText())
        .isEqualTo("t29");
  }

  @Test
  void propertyItemForSimpleTypesIsASingleItem() {
    emulator.addProperty(ds.dataSourceId(), "Count", Json.parseObject("{\"number\":{}}"));
    emulator.humanEdit(pageId, Json.parseObject("{\"Count\":{\"number\":7}}"));
    String id = emulator.propertyId(ds.dataSourceId(), "Count");
    Api.Response r =
        api.get(
            "/v1/pages/" + pageId + "/properties/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    assertThat(r.body())
        .isEqualTo(
            Json.parse(
                "{\"object\":\"property_item\",\"id\":\""
                    + id
                    + "\",\"type\":\"number\",\"number\":7}"));
  }
}
