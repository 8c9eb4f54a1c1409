package com.chittysync.sheets;

import static com.chittysync.sheets.SheetsHarness.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.DataSourceHandle;
import com.chittysync.emulators.notion.NotionEmulator;
import com.chittysync.notion.NotionEndpointType;
import com.chittysync.notion.PropertyCodec;
import com.chittysync.sync.engine.SyncEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One registry in a tab, a Notion data source and a PostgreSQL table: records made and edited at
 * any of the three reach the other two, through typed values and dates, with rows moved and deleted
 * by hand in the tab.
 */
class SheetsNotionPostgresSyncTest {
  private static final String FIELDS =
      "{id: Person ID, name: Name, age: Age, born: Born, active: Active}";

  @TempDir Path dir;
  private SheetsHarness h;
  private NotionEmulator notion;
  private DataSourceHandle people;

  @BeforeEach
  void open() throws Exception {
    h = new SheetsHarness(dir);
    notion = NotionEmulator.start();
    people =
        notion.createDatabase(
            "People",
            json(
                "{\"Name\":{\"type\":\"title\",\"title\":{}},"
                    + "\"Person ID\":{\"type\":\"rich_text\",\"rich_text\":{}},"
                    + "\"Age\":{\"type\":\"number\",\"number\":{\"format\":\"number\"}},"
                    + "\"Born\":{\"type\":\"date\",\"date\":{}},"
                    + "\"Active\":{\"type\":\"checkbox\",\"checkbox\":{}}}"));
    h.env.put("NOTION_API_TOKEN", notion.token());
    h.env.put("NOTION_API_BASE_URL", notion.baseUrl());
    h.types.add(new NotionEndpointType(null));
    h.config(
        "",
        FIELDS,
        "      notion:\n"
            + "        type: notion\n"
            + "        data_source_id: "
            + people.dataSourceId()
            + "\n"
            + "        requests_per_second: 50\n"
            + "        fields: {id: Person ID, name: Name, age: Age, born: Born, active: Active}\n");
  }

  @AfterEach
  void close() {
    notion.close();
    h.close();
  }

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) Json.mapper().readTree(text);
  }

  private String page(String id, String name, int age, String born, boolean active)
      throws Exception {
    return notion.createPage(
        people.dataSourceId(),
        json(
            "{\"Name\":{\"title\":[{\"text\":{\"content\":\""
                + name
                + "\"}}]},\"Person ID\":{\"rich_text\":[{\"text\":{\"content\":\""
                + id
                + "\"}}]},\"Age\":{\"number\":"
                + age
                + "},\"Born\":{\"date\":{\"start\":\""
                + born
                + "\"}},\"Active\":{\"checkbox\":"
                + active
                + "}}"));
  }

  /** Live pages by key: property name to canonical value. */
  private Map<String, JsonNode> notionPages() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (ObjectNode p : notion.pages(people.dataSourceId())) {
      if (p.path("in_trash").asBoolean()) {
        continue;
      }
      ObjectNode values = Json.mapper().createObjectNode();
      p.path("properties")
          .fields()
          .forEachRemaining(e -> values.set(e.getKey(), PropertyCodec.read(e.getValue())));
      out.put(values.path("Person ID").asText(), values);
    }
    return out;
  }

  private int rowOf(String key) {
    return h.keyColumn("Person ID").indexOf(key) + 2;
  }

  private void syncUntilQuiet() {
    for (int i = 0; i < 4; i++) {
      SyncEngine.Result result = h.sync();
      assertThat(result.applied().orElseThrow().errors()).isEmpty();
      assertThat(result.plan().invalid()).isEmpty();
      if (result.plan().opCount() == 0) {
        return;
      }
    }
    throw new AssertionError("no quiet sync after four runs");
  }

  /** The three endpoints hold the same records. */
  private void assertSameEverywhere() {
    Map<String, Map<String, String>> pg = h.pgRows();
    Map<String, Map<String, Object>> sheet = h.sheetRows();
    Map<String, JsonNode> pages = notionPages();
    assertThat(sheet.keySet()).isEqualTo(pg.keySet());
    assertThat(pages.keySet()).isEqualTo(pg.keySet());
    pg.forEach(
        (key, row) -> {
          Map<String, Object> cells = sheet.get(key);
          JsonNode page = pages.get(key);
          assertThat(cells.get("Name")).as(key).isEqualTo(row.get("name"));
          assertThat(page.get("Name").asText()).as(key).isEqualTo(row.get("name"));
          assertThat(((BigDecimal) cells.get("Age")).intValue())
              .as(key)
              .isEqualTo(Integer.parseInt(row.get("age")));
          assertThat(page.get("Age").asInt()).as(key).isEqualTo(Integer.parseInt(row.get("age")));
          assertThat(SerialDates.date((BigDecimal) cells.get("Born")).toString())
              .as(key)
              .isEqualTo(row.get("born"));
          assertThat(page.get("Born").asText()).as(key).isEqualTo(row.get("born"));
          assertThat(cells.get("Active")).as(key).isEqualTo(row.get("active").equals("t"));
          assertThat(page.get("Active").asBoolean())
              .as(key)
              .isEqualTo(row.get("active").equals("t"));
        });
  }

  @Test
  void recordsMadeAndEditedAtAnyEndpointReachTheOtherTwo() throws Exception {
    h.type(
        "A2",
        List.of(
            row("P1", "Ann", 41, LocalDate.parse("1985-04-12"), true),
            row("P4", "Dee", 52, LocalDate.parse("1972-12-31"), false)));
    page("P2", "Bob", 33, "1990-01-02", false);
    h.sql(
        "INSERT INTO people (id, name, age, born, active) VALUES ('P3', 'Cy', 29, '2001-09-09', true)");
    syncUntilQuiet();
    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3", "P4");
    assertSameEverywhere();

    // A person sorts the tab and edits Bob's age there; Cy is renamed in Notion; Ann's birthday
    // is corrected in PostgreSQL; Dee's row is deleted by hand in the tab.
    h.sheets.humanEdit(h.spreadsheetId, SheetsHarness.TAB).sortRows(2, 1, false);
    h.sheets.humanEdit(h.spreadsheetId, SheetsHarness.TAB).set("C" + rowOf("P2"), 34);
    h.sheets.humanEdit(h.spreadsheetId, SheetsHarness.TAB).deleteRows(rowOf("P4"), 1);
    String cyPage =
        notion.pages(people.dataSourceId()).stream()
            .filter(p -> p.at("/properties/Person ID/rich_text/0/plain_text").asText().equals("P3"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asText();
    notion.humanEdit(cyPage, json("{\"Name\":{\"title\":[{\"text\":{\"content\":\"Cy N\"}}]}}"));
    h.sql("UPDATE people SET born = '1985-04-13' WHERE id = 'P1'");
    syncUntilQuiet();

    assertThat(h.pgRows()).containsOnlyKeys("P1", "P2", "P3");
    assertThat(h.pgRows().get("P2")).containsEntry("age", "34");
    assertThat(h.pgRows().get("P3")).containsEntry("name", "Cy N");
    assertThat(h.sheetRows().get("P1").get("Born"))
        .isEqualTo(BigDecimal.valueOf(SerialDates.serial(LocalDate.parse("1985-04-13"))));
    assertSameEverywhere();
  }
}
