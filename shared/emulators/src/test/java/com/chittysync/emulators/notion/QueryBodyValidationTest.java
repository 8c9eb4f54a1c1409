package com.chittysync.emulators.notion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query bodies (sorts, paging, flags) Notion answers with 400 validation_error are refused. */
class QueryBodyValidationTest {
  private NotionEmulator emulator;
  private Api api;
  private DataSourceHandle ds;

  @BeforeEach
  void start() {
    emulator = NotionEmulator.start();
    api = new Api(emulator);
    ds =
        emulator.createDatabase(
            "Tasks", Json.parseObject("{\"Name\":{\"title\":{}},\"Count\":{\"number\":{}}}"));
    emulator.createPage(
        ds.dataSourceId(),
        Json.parseObject("{\"Name\":{\"title\":[{\"text\":{\"content\":\"a\"}}]}}"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Api.Response query(String body) {
    return api.post("/v1/data_sources/" + ds.dataSourceId() + "/query", body);
  }

  private void assertRefused(String body, String message) {
    assertRefused(query(body), body, message);
  }

  private static void assertRefused(Api.Response r, String body, String message) {
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.body().get("object").asText()).isEqualTo("error");
    assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    assertThat(r.body().get("message").asText()).as(body).isEqualTo(message);
  }

  @Test
  void sortWithoutDirectionIsRefused() {
    assertRefused(
        "{\"sorts\":[{\"property\":\"Count\"}]}",
        "body failed validation: body.sorts[0].direction should be `ascending` or `descending`,"
            + " instead was `undefined`.");
  }

  @Test
  void sortsAreObjectsNamingOnePropertyOrTimestamp() {
    assertRefused(
        "{\"sorts\":{\"property\":\"Count\",\"direction\":\"ascending\"}}",
        "body failed validation: body.sorts should be an array, instead was an object.");
    assertRefused(
        "{\"sorts\":[\"Count\"]}",
        "body failed validation: body.sorts[0] should be an object, instead was `\"Count\"`.");
    assertRefused(
        "{\"sorts\":[{\"direction\":\"ascending\"}]}",
        "body failed validation: body.sorts[0].property should be defined, instead was"
            + " `undefined`.");
    assertRefused(
        "{\"sorts\":[{\"property\":\"Count\",\"timestamp\":\"created_time\","
            + "\"direction\":\"ascending\"}]}",
        "body failed validation: body.sorts[0].timestamp should be not present, instead was"
            + " `\"created_time\"`.");
    assertRefused(
        "{\"sorts\":[{\"property\":\"Count\",\"direction\":\"ascending\",\"nulls\":\"last\"}]}",
        "body failed validation: body.sorts[0].nulls should be not present, instead was"
            + " `\"last\"`.");
    assertRefused(
        "{\"sorts\":[{\"property\":3,\"direction\":\"ascending\"}]}",
        "body failed validation: body.sorts[0].property should be a string, instead was `3`.");
    assertRefused(
        "{\"sorts\":[{\"property\":\"Nope\",\"direction\":\"ascending\"}]}",
        "Could not find sort property with name or id: Nope");
    assertRefused(
        "{\"sorts\":[{\"timestamp\":\"edited_time\",\"direction\":\"ascending\"}]}",
        "body failed validation: body.sorts[0].timestamp should be `created_time` or"
            + " `last_edited_time`, instead was `\"edited_time\"`.");
    assertRefused(
        "{\"sorts\":[{\"timestamp\":\"created_time\",\"direction\":\"up\"}]}",
        "body failed validation: body.sorts[0].direction should be `ascending` or `descending`,"
            + " instead was `\"up\"`.");
  }

  @Test
  void pageSizeIsAnIntegerFrom1To100() {
    assertRefused(
        "{\"page_size\":\"50\"}",
        "body failed validation: body.page_size should be an integer, instead was `\"50\"`.");
    assertRefused(
        "{\"page_size\":2.5}",
        "body failed validation: body.page_size should be an integer, instead was `2.5`.");
    assertRefused(
        "{\"page_size\":null}",
        "body failed validation: body.page_size should be an integer, instead was `null`.");
    assertRefused(
        "{\"page_size\":0}",
        "body failed validation: body.page_size should be ≥ `1`, instead was `0`.");
  }

  @Test
  void bodyMembersHaveTheirTypes() {
    assertRefused(
        "{\"start_cursor\":5}",
        "body failed validation: body.start_cursor should be a string, instead was `5`.");
    assertRefused(
        "{\"in_trash\":\"yes\"}",
        "body failed validation: body.in_trash should be a boolean, instead was `\"yes\"`.");
    assertRefused(
        "{\"archived\":1}",
        "body failed validation: body.archived should be a boolean, instead was `1`.");
    assertRefused(
        "{\"result_type\":\"database\"}",
        "body failed validation: body.result_type should be `page` or `data_source`, instead was"
            + " `\"database\"`.");
    assertRefused(
        "{\"filter\":null}",
        "body failed validation: body.filter should be an object, instead was `null`.");
    assertRefused(
        "{\"sorts\":null}",
        "body failed validation: body.sorts should be an array, instead was `null`.");
  }

  @Test
  void membersTheBodyDoesNotHaveAreRefused() {
    assertRefused(
        "{\"limit\":10}",
        "body failed validation: body.limit should be not present, instead was" + " `10`.");
    // filter_properties is a query-string parameter: in the body Notion refuses it.
    assertRefused(
        "{\"filter_properties\":[\"title\"]}",
        "body failed validation: body.filter_properties should be not present, instead was an"
            + " array.");
    // result_type came with data sources: the 2022-06-28 database query has no such member.
    Api legacy = new Api(emulator).version("2022-06-28");
    String body = "{\"result_type\":\"page\"}";
    assertRefused(
        legacy.post("/v1/databases/" + ds.databaseId() + "/query", body),
        body,
        "body failed validation: body.result_type should be not present, instead was"
            + " `\"page\"`.");
  }

  @Test
  void bodiesNotionAcceptsStillRun() {
    String[] accepted = {
      "{}",
      "{\"page_size\":100,\"start_cursor\":null}",
      "{\"in_trash\":false,\"archived\":false}",
      "{\"result_type\":\"page\"}",
      "{\"sorts\":[]}",
      "{\"sorts\":[{\"property\":\"Count\",\"direction\":\"descending\"},"
          + "{\"timestamp\":\"last_edited_time\",\"direction\":\"ascending\"}]}"
    };
    for (String body : accepted) {
      Api.Response r = query(body);
      assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(200);
      assertThat(r.body().get("results")).hasSize(1);
    }
    Api.Response legacy =
        new Api(emulator)
            .version("2022-06-28")
            .post(
                "/v1/databases/" + ds.databaseId() + "/query",
                "{\"page_size\":10,\"in_trash\":false}");
    assertThat(legacy.status()).isEqualTo(200);
  }
}
