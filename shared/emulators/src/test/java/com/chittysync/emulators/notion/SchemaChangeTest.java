package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaChangeTest {
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
            Json.parseObject("{\"Name\":{\"title\":{}},\"A\":{\"number\":{}},\"B\":{\"url\":{}}}"));
    pageId =
        emulator.createPage(
            ds.dataSourceId(),
            Json.parseObject("{\"A\":{\"number\":1},\"B\":{\"url\":\"https://x.example\"}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void deletedPropertiesDisappearFromSchemaAndPages() {
    emulator.deleteProperty(ds.dataSourceId(), "A");

    assertThat(api.get("/v1/pages/" + pageId).body().get("properties").has("A")).isFalse();
    Api.Response write =
        api.patch("/v1/pages/" + pageId, "{\"properties\":{\"A\":{\"number\":2}}}");
    assertThat(write.body().get("message").asText()).isEqualTo("A is not a property that exists.");
  }

  @Test
  void dataSourcePatchAddsRenamesAndRemovesProperties() {
    Api.Response r =
        api.patch(
            "/v1/data_sources/" + ds.dataSourceId(),
            "{\"properties\":{\"B\":null,\"A\":{\"name\":\"Amount\"},\"C\":{\"checkbox\":{}}}}");

    assertThat(r.status()).isEqualTo(200);
    JsonNode props = r.body().get("properties");
    assertThat(props.has("B")).isFalse();
    assertThat(props.get("Amount").get("type").asText()).isEqualTo("number");
    assertThat(props.get("C").get("type").asText()).isEqualTo("checkbox");
    JsonNode page = api.get("/v1/pages/" + pageId).body().get("properties");
    assertThat(page.get("Amount").get("number").asInt()).isEqualTo(1);
    assertThat(page.get("C").get("checkbox").asBoolean()).isFalse();
  }

  @Test
  void filterPropertiesLimitsTheReturnedProperties() {
    String aId = emulator.propertyId(ds.dataSourceId(), "A");
    Api.Response r =
        api.get(
            "/v1/pages/"
                + pageId
                + "?filter_properties="
                + URLEncoder.encode(aId, StandardCharsets.UTF_8));
    assertThat(r.body().get("properties").fieldNames()).toIterable().containsExactly("A");
  }
}
