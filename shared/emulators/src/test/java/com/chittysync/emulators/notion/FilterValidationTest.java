package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters Notion answers with 400 validation_error are refused, and valid ones still run. */
class FilterValidationTest {
  private static final String SCHEMA =
      """
      {"Name":{"title":{}},"Notes":{"rich_text":{}},"Count":{"number":{}},"Done":{"checkbox":{}},
       "Kind":{"select":{"options":[{"name":"bug"}]}},"Tags":{"multi_select":{"options":[]}},
       "State":{"status":{}},"Due":{"date":{}},"Owner":{"people":{}},"Rel":{"relation":{}},
       "Docs":{"files":{}},"Link":{"url":{}},"Seq":{"unique_id":{"prefix":"T"}},
       "F":{"formula":{"expression":"prop(\\"Count\\")"}},"Edited":{"last_edited_time":{}}}
      """;
  private static final String UUID = "c2f20311-9e54-4d11-8c79-7398424ae41e";

  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds = emulator.createDatabase("Tasks", Json.parseObject(SCHEMA));
    emulator.createPage(
        ds.dataSourceId(),
        Json.parseObject(
            "{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]},\"Count\":{\"number\":5}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Api.Response query(String filter) {
    return api.post(
        "/v1/data_sources/" + ds.dataSourceId() + "/query", "{\"filter\":" + filter + "}");
  }

  private void assertRefused(String filter, String message) {
    Api.Response r = query(filter);
    assertThat(r.status()).as(filter).isEqualTo(400);
    assertThat(r.body().get("object").asText()).isEqualTo("error");
    assertThat(r.body().get("status").asInt()).isEqualTo(400);
    assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    assertThat(r.body().get("message").asText()).as(filter).isEqualTo(message);
  }

  private static String f(String property, String key, String condition) {
    return "{\"property\":\"" + property + "\",\"" + key + "\":" + condition + "}";
  }

  @Test
  void numberFilterWithStringValueIsRefused() {
    assertRefused(
        f("Count", "number", "{\"equals\":\"5\"}"),
        "body failed validation: body.filter.number.equals should be a number, instead was"
            + " `\"5\"`.");
  }

  @Test
  void everyOperatorTakesOnlyItsJsonType() {
    Map<String, String> refused =
        Map.ofEntries(
            Map.entry(f("Count", "number", "{\"greater_than\":true}"), "number.greater_than"),
            Map.entry(f("Seq", "unique_id", "{\"less_than\":\"3\"}"), "unique_id.less_than"),
            Map.entry(f("Done", "checkbox", "{\"equals\":\"true\"}"), "checkbox.equals"),
            Map.entry(f("Done", "checkbox", "{\"does_not_equal\":1}"), "checkbox.does_not_equal"),
            Map.entry(f("Name", "title", "{\"contains\":5}"), "title.contains"),
            Map.entry(f("Notes", "rich_text", "{\"equals\":null}"), "rich_text.equals"),
            Map.entry(f("Link", "url", "{\"starts_with\":[\"h\"]}"), "url.starts_with"),
            Map.entry(f("Kind", "select", "{\"equals\":1}"), "select.equals"),
            Map.entry(f("Kind", "select", "{\"equals\":[\"bug\",2]}"), "select.equals"),
            Map.entry(f("State", "status", "{\"does_not_equal\":{}}"), "status.does_not_equal"),
            Map.entry(f("Tags", "multi_select", "{\"contains\":true}"), "multi_select.contains"),
            Map.entry(f("Owner", "people", "{\"contains\":\"ada\"}"), "people.contains"),
            Map.entry(f("Rel", "relation", "{\"contains\":\"x\"}"), "relation.contains"),
            Map.entry(f("Due", "date", "{\"on_or_after\":20260101}"), "date.on_or_after"),
            Map.entry(f("Due", "date", "{\"before\":\"next tuesday\"}"), "date.before"),
            Map.entry(f("Due", "date", "{\"past_week\":true}"), "date.past_week"),
            Map.entry(f("Due", "date", "{\"next_month\":{\"days\":3}}"), "date.next_month"),
            Map.entry(f("Count", "number", "{\"is_empty\":false}"), "number.is_empty"),
            Map.entry(
                f("Notes", "rich_text", "{\"is_not_empty\":\"true\"}"), "rich_text.is_not_empty"),
            Map.entry(f("Docs", "files", "{\"is_empty\":1}"), "files.is_empty"),
            Map.entry(f("Due", "date", "{\"is_empty\":false}"), "date.is_empty"),
            Map.entry(
                f("F", "formula", "{\"number\":{\"equals\":\"1\"}}"), "formula.number.equals"));
    refused.forEach(
        (filter, path) -> {
          Api.Response r = query(filter);
          assertThat(r.status()).as(filter).isEqualTo(400);
          assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
          assertThat(r.body().get("message").asText())
              .as(filter)
              .startsWith("body failed validation: body.filter." + path + " should be ");
        });
  }

  @Test
  void operatorsTheTypeDoesNotHaveAreRefused() {
    assertRefused(
        f("Count", "number", "{\"contains\":5}"),
        "body failed validation: body.filter.number.contains should be not present, instead was"
            + " `5`.");
    assertRefused(
        f("Done", "checkbox", "{\"is_empty\":true}"),
        "body failed validation: body.filter.checkbox.is_empty should be not present, instead was"
            + " `true`.");
    assertRefused(
        f("Docs", "files", "{\"equals\":\"x\"}"),
        "body failed validation: body.filter.files.equals should be not present, instead was"
            + " `\"x\"`.");
    assertRefused(
        f("F", "formula", "{\"text\":{\"equals\":\"x\"}}"),
        "body failed validation: body.filter.formula.text should be not present, instead was an"
            + " object.");
    assertRefused(
        f("Name", "title", "{}"),
        "body failed validation: body.filter.title should be an object with exactly one"
            + " operator, instead was `{}`.");
  }

  @Test
  void aFilterObjectHoldsExactlyOneCondition() {
    assertRefused(
        "{\"property\":\"Count\",\"number\":{\"equals\":1,\"greater_than\":0}}",
        "body failed validation: body.filter.number.greater_than should be not present, instead"
            + " was `0`.");
    assertRefused(
        "{\"property\":\"Count\",\"number\":{\"equals\":1},\"rich_text\":{\"equals\":\"1\"}}",
        "body failed validation: body.filter.rich_text should be not present, instead was an"
            + " object.");
    assertRefused(
        "{\"property\":\"Count\"}",
        "body failed validation: body.filter.number should be defined, instead was `undefined`.");
    assertRefused(
        "{\"property\":\"Count\",\"type\":\"checkbox\",\"number\":{\"equals\":1}}",
        "body failed validation: body.filter.type should be `number`, instead was"
            + " `\"checkbox\"`.");
    assertRefused(
        "{\"and\":[],\"or\":[]}",
        "body failed validation: body.filter.or should be not present, instead was an array.");
    assertRefused(
        "{\"and\":[],\"property\":\"Count\"}",
        "body failed validation: body.filter.property should be not present, instead was"
            + " `\"Count\"`.");
  }

  @Test
  void filtersNameAnExistingPropertyWithAConditionOfItsType() {
    assertRefused(
        f("Nope", "number", "{\"equals\":1}"), "Could not find property with name or id: Nope");
    assertRefused(
        "{\"property\":5,\"number\":{\"equals\":1}}",
        "body failed validation: body.filter.property should be a string, instead was `5`.");
    assertRefused(
        f("Count", "checkbox", "{\"equals\":true}"),
        "body failed validation: body.filter does not match the type of property \"Count\""
            + " (number).");
    assertRefused(
        f("Kind", "status", "{\"equals\":\"bug\"}"),
        "body failed validation: body.filter does not match the type of property \"Kind\""
            + " (select).");
  }

  @Test
  void textConditionKeyIsRefusedSinceItWasRenamedToRichText() {
    String filter = f("Name", "text", "{\"contains\":\"a\"}");
    Api legacy = new Api(emulator).version("2022-06-28");
    Api.Response r =
        legacy.post("/v1/databases/" + ds.databaseId() + "/query", "{\"filter\":" + filter + "}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("message").asText()).contains("does not match the type");

    Api old = new Api(emulator).version("2021-08-16");
    Api.Response before =
        old.post("/v1/databases/" + ds.databaseId() + "/query", "{\"filter\":" + filter + "}");
    assertThat(before.status()).as(before.body().toString()).isEqualTo(200);
    assertThat(before.body().get("results")).hasSize(1);
  }

  @Test
  void timestampFiltersAreCheckedLikePropertyFilters() {
    assertRefused(
        "{\"timestamp\":\"edited\",\"edited\":{\"after\":\"2026-01-01\"}}",
        "body failed validation: body.filter.timestamp should be `created_time` or"
            + " `last_edited_time`, instead was `\"edited\"`.");
    assertRefused(
        "{\"timestamp\":\"last_edited_time\",\"created_time\":{\"after\":\"2026-01-01\"}}",
        "body failed validation: body.filter.created_time should be not present, instead was an"
            + " object.");
    assertRefused(
        "{\"timestamp\":\"last_edited_time\"}",
        "body failed validation: body.filter.last_edited_time should be defined, instead was"
            + " `undefined`.");
    assertRefused(
        "{\"timestamp\":\"last_edited_time\",\"last_edited_time\":{\"on_or_after\":1767225600}}",
        "body failed validation: body.filter.last_edited_time.on_or_after should be a valid ISO"
            + " 8601 date string, instead was `1767225600`.");
    assertRefused(
        "{\"timestamp\":\"created_time\",\"property\":\"Name\","
            + "\"created_time\":{\"after\":\"2026-01-01\"}}",
        "body failed validation: body.filter.property should be not present, instead was"
            + " `\"Name\"`.");
  }

  @Test
  void compoundFiltersTakeArraysAndNestTwoLevels() {
    String leaf = f("Count", "number", "{\"equals\":5}");
    assertRefused(
        "{\"and\":" + leaf + "}",
        "body failed validation: body.filter.and should be an array, instead was an object.");
    assertRefused(
        "{\"or\":[" + leaf + ",\"x\"]}",
        "body failed validation: body.filter.or[1] should be an object, instead was `\"x\"`.");
    assertRefused(
        "{\"and\":[{\"or\":[{\"and\":[" + leaf + "]}]}]}",
        "body failed validation: body.filter.and[0].or[0] is nested too deeply. Compound filters"
            + " support at most two levels of nesting.");
    assertRefused(
        "{\"and\":[{\"or\":[" + f("Count", "number", "{\"equals\":\"5\"}") + "]}]}",
        "body failed validation: body.filter.and[0].or[0].number.equals should be a number,"
            + " instead was `\"5\"`.");
  }

  @Test
  void filtersNotionAcceptsStillRun() {
    String[] accepted = {
      f("Count", "number", "{\"equals\":5}"),
      f("Count", "number", "{\"is_not_empty\":true}"),
      f("Seq", "unique_id", "{\"greater_than_or_equal_to\":1}"),
      f("Done", "checkbox", "{\"equals\":false}"),
      f("Name", "rich_text", "{\"contains\":\"a\"}"),
      f("Link", "url", "{\"is_empty\":true}"),
      f("Kind", "select", "{\"equals\":[\"bug\",\"feature\"]}"),
      f("State", "status", "{\"does_not_equal\":\"Done\"}"),
      f("Tags", "multi_select", "{\"contains\":[\"x\",\"y\"]}"),
      f("Owner", "people", "{\"contains\":\"me\"}"),
      f("Owner", "people", "{\"does_not_contain\":\"" + UUID.replace("-", "") + "\"}"),
      f("Rel", "relation", "{\"contains\":\"" + UUID + "\"}"),
      f("Docs", "files", "{\"is_not_empty\":true}"),
      f("Due", "date", "{\"past_week\":{}}"),
      f("Due", "date", "{\"on_or_before\":\"today\"}"),
      f("Due", "date", "{\"after\":\"2026-01-01T12:00:00+02:00\"}"),
      f("Edited", "date", "{\"on_or_after\":\"2020-01-01\"}"),
      f("F", "formula", "{\"number\":{\"greater_than\":1}}"),
      "{\"property\":\"Count\",\"type\":\"number\",\"number\":{\"equals\":5}}",
      "{\"timestamp\":\"created_time\",\"type\":\"created_time\",\"created_time\":{\"this_week\":{}}}",
      "{\"and\":[]}",
      "{\"or\":["
          + f("Count", "number", "{\"equals\":5}")
          + ",{\"and\":[{\"timestamp\":"
          + "\"last_edited_time\",\"last_edited_time\":{\"is_not_empty\":true}}]}]}"
    };
    for (String filter : accepted) {
      Api.Response r = query(filter);
      assertThat(r.status()).as(filter + " -> " + r.body()).isEqualTo(200);
    }
  }
}
