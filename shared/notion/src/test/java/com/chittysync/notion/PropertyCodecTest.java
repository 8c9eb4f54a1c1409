package com.chittysync.notion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.json.Json;
import com.chittysync.testkit.RepoPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PropertyCodecTest {
  private static JsonNode fixture(String name) throws Exception {
    return Json.mapper()
        .readTree(
            Files.readString(RepoPaths.root().resolveSibling("shared/reference/notion/" + name)));
  }

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  @Test
  void documentedReadShapesBecomeCanonicalValues() throws Exception {
    JsonNode values = fixture("page-property-values.examples.json");
    assertThat(PropertyCodec.read(values.get("Task completed"))).isEqualTo(json("true"));
    assertThat(PropertyCodec.read(values.get("Due date"))).isEqualTo(json("\"2023-02-07\""));
    assertThat(PropertyCodec.read(values.get("Email"))).isEqualTo(json("\"ada@makenotion.com\""));
    assertThat(PropertyCodec.read(values.get("Days until launch"))).isEqualTo(json("56"));
    assertThat(PropertyCodec.read(values.get("Last edited time")))
        .isEqualTo(json("\"2023-02-24T21:06:00.000Z\""));
    assertThat(PropertyCodec.read(values.get("Last edited by column name")))
        .isEqualTo(json("\"9188c6a5-7381-452f-b3dc-d4865aa89bdf\""));
    assertThat(PropertyCodec.read(values.get("Programming language")))
        .isEqualTo(json("[\"TypeScript\",\"JavaScript\",\"Python\"]"));
    assertThat(PropertyCodec.read(values.get("Stakeholders")))
        .isEqualTo(json("[\"c2f20311-9e54-4d11-8c79-7398424ae41e\"]"));
    assertThat(PropertyCodec.read(values.get("Related tasks")))
        .isEqualTo(
            json(
                "[\"dd456007-6c66-4bba-957e-ea501dcda3a6\",\"0c1f7cb2-8090-4f18-924e-d92965055e32\"]"));
    // Every documented value reads without error, whatever its type.
    values.fields().forEachRemaining(e -> PropertyCodec.read(e.getValue()));
  }

  @Test
  void writesProduceTheDocumentedRequestShapes() throws Exception {
    JsonNode request = fixture("page-properties-request.examples.json").get("properties");
    assertThat(PropertyCodec.write("checkbox", json("true")))
        .isEqualTo(request.get("Task completed"));
    assertThat(PropertyCodec.write("date", json("\"2023-02-23\"")))
        .isEqualTo(request.get("Due date"));
    assertThat(PropertyCodec.write("email", json("\"ada@makenotion.com\"")))
        .isEqualTo(request.get("Email"));
    assertThat(PropertyCodec.write("multi_select", json("[\"TypeScript\",\"Python\"]")))
        .isEqualTo(request.get("Programming language"));
    assertThat(PropertyCodec.write("number", json("42")))
        .isEqualTo(request.get("Number of subscribers"));
    assertThat(PropertyCodec.write("people", json("[\"c2f20311-9e54-4d11-8c79-7398424ae41e\"]")))
        .isEqualTo(request.get("Stakeholders"));
    assertThat(
            PropertyCodec.write(
                "relation",
                json(
                    "[\"dd456007-6c66-4bba-957e-ea501dcda3a6\",\"0c1f7cb2-8090-4f18-924e-d92965055e32\"]")))
        .isEqualTo(request.get("Related tasks"));
    assertThat(PropertyCodec.write("select", json("\"Marketing\"")))
        .isEqualTo(request.get("Department"));
    assertThat(PropertyCodec.write("status", json("\"Not started\"")))
        .isEqualTo(request.get("Status"));
    assertThat(PropertyCodec.write("url", json("\"https://developers.notion.com/\"")))
        .isEqualTo(request.get("Website"));
  }

  @Test
  void longTextIsSplitIntoObjectsOfAtMost2000CharactersAndJoinedBackOnRead() throws Exception {
    String text = "ab".repeat(2600) + "\uD83D\uDE00" + "x".repeat(1999); // an emoji across 2000
    JsonNode written =
        PropertyCodec.write("rich_text", Json.mapper().getNodeFactory().textNode(text));
    JsonNode items = written.get("rich_text");
    assertThat(items.size()).isEqualTo(4);
    for (JsonNode item : items) {
      String content = item.at("/text/content").asText();
      assertThat(content.length()).isLessThanOrEqualTo(2000);
      assertThat(Character.isHighSurrogate(content.charAt(content.length() - 1))).isFalse();
    }
    JsonNode read = PropertyCodec.readValue("rich_text", written.get("rich_text"));
    assertThat(read.asText()).isEqualTo(text);
  }

  @Test
  void valuesOverNotionsLimitsAreRefusedNotTruncated() {
    assertThatThrownBy(
            () ->
                PropertyCodec.write(
                    "rich_text", Json.mapper().getNodeFactory().textNode("y".repeat(200_001))))
        .isInstanceOf(PropertyCodec.Unwritable.class)
        .hasMessageContaining("200001 characters")
        .hasMessageContaining("not truncated");
    assertThatThrownBy(
            () ->
                PropertyCodec.write(
                    "email", Json.mapper().getNodeFactory().textNode("e".repeat(201))))
        .hasMessageContaining("limit of 200");
    assertThatThrownBy(() -> PropertyCodec.write("select", json("\"a,b\"")))
        .hasMessageContaining("commas");
    assertThatThrownBy(() -> PropertyCodec.write("number", json("\"12\"")))
        .hasMessageContaining("needs a number");
  }

  @Test
  void datesWithAnEndOrATimeZoneKeepTheirShape() throws Exception {
    JsonNode range = json("{\"start\":\"2023-02-23\",\"end\":\"2023-02-25\",\"time_zone\":null}");
    JsonNode canonical = PropertyCodec.readValue("date", range);
    assertThat(canonical).isEqualTo(json("{\"start\":\"2023-02-23\",\"end\":\"2023-02-25\"}"));
    assertThat(PropertyCodec.write("date", canonical).get("date"))
        .isEqualTo(json("{\"start\":\"2023-02-23\",\"end\":\"2023-02-25\"}"));
    assertThat(PropertyCodec.readValue("checkbox", null)).isEqualTo(json("false"));
    assertThat(PropertyCodec.readValue("title", json("[]"))).isNull();
  }
}
