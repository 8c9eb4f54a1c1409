package com.chittysync.notion;

import static com.chittysync.notion.NotionHarness.json;
import static com.chittysync.notion.NotionHarness.title;
import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.OpResult.Outcome;
import com.chittysync.core.json.Json;
import com.chittysync.emulators.notion.RequestLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an incremental read the engine plans against its snapshot for the pages the read did not
 * return; Notion has no conditional write, so the endpoint reads such a page before it writes and
 * judges the op against what the page holds now.
 */
class NotionApplyAfterIncrementalReadTest {
  @TempDir Path dir;
  private NotionHarness h;
  private Map<String, String> pages;
  private NotionEndpoint endpoint;

  @BeforeEach
  void open() {
    h = new NotionHarness(dir);
    pages = h.pagesEditedTenMinutesAgo("P1", "P2");
    h.sync(true);
    endpoint = h.endpoint();
    assertThat(endpoint.fetch(h.sinceLastSync()).records()).isEmpty();
    h.notion.requestLog().clear();
  }

  @AfterEach
  void close() {
    endpoint.close();
    h.close();
  }

  private static JsonNode text(String s) {
    return Json.mapper().getNodeFactory().textNode(s);
  }

  private Op.Update rename(String key, String name) {
    return new Op.Update(1, key, pages.get(key), h.snapshot(key), Map.of("name", text(name)));
  }

  private OpResult apply(Op op) {
    return endpoint.apply(List.of(op)).get(0);
  }

  private String name(String key) {
    return h.notion.page(pages.get(key)).at("/properties/Name/title/0/plain_text").asText();
  }

  private int patches() {
    return h.notion.requestLog().count("PATCH", "/v1/pages/");
  }

  @Test
  void updateOfPageNotReturnedByIncrementalReadChecksThePageFirst() {
    OpResult result = apply(rename("P2", "Renamed"));

    assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.APPLIED);
    assertThat(name("P2")).isEqualTo("Renamed");
    List<RequestLog.Entry> calls = h.notion.requestLog().entries();
    assertThat(calls)
        .extracting(e -> e.method() + " " + e.path())
        .containsExactly("GET /v1/pages/" + pages.get("P2"), "PATCH /v1/pages/" + pages.get("P2"));
  }

  @Test
  void updateOfPageEditedSinceTheSnapshotIsStale() {
    h.notion.humanEdit(pages.get("P2"), json("{" + title("Edited by a person") + "}"));

    OpResult result = apply(rename("P2", "Renamed"));

    assertThat(result.outcome()).isEqualTo(Outcome.STALE);
    assertThat(result.error()).isEqualTo("the page changed since the plan was made");
    assertThat(name("P2")).isEqualTo("Edited by a person");
    assertThat(patches()).isZero();
  }

  @Test
  void updateOfPageMovedToTheTrashIsStale() {
    h.notion.trash(pages.get("P2"));

    OpResult result = apply(rename("P2", "Renamed"));

    assertThat(result.outcome()).isEqualTo(Outcome.STALE);
    assertThat(result.error())
        .isEqualTo(
            "the page of key 'P2' is gone (deleted, in the trash, or moved out of the data source)");
    assertThat(patches()).isZero();
  }

  @Test
  void alreadyAppliedOnlyWhenPageHoldsTarget() {
    // A person made the same change already: nothing to write.
    h.notion.humanEdit(pages.get("P1"), json("{" + title("Renamed") + "}"));
    assertThat(apply(rename("P1", "Renamed")).outcome()).isEqualTo(Outcome.ALREADY_APPLIED);

    // The same name, and another change besides: the page does not hold the target.
    h.notion.humanEdit(
        pages.get("P2"), json("{" + title("Renamed") + ",\"Active\":{\"checkbox\":false}}"));
    OpResult other = apply(rename("P2", "Renamed"));
    assertThat(other.outcome()).isEqualTo(Outcome.STALE);
    assertThat(patches()).isZero();
  }

  @Test
  void aTargetNotionHoldsOtherwiseIsAlreadyAppliedOnceWritten() {
    // Notion has no empty checkbox and no empty text: what the page holds is the target as stored.
    Op.Update clear =
        new Op.Update(
            1,
            "P1",
            pages.get("P1"),
            h.snapshot("P1"),
            Map.of("active", NullNode.getInstance(), "notes", text("")));
    assertThat(apply(clear).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(h.notion.page(pages.get("P1")).at("/properties/Active/checkbox").asBoolean())
        .isFalse();

    try (NotionEndpoint next = h.endpoint()) {
      assertThat(next.apply(List.of(clear)).get(0).outcome()).isEqualTo(Outcome.ALREADY_APPLIED);
    }
  }

  @Test
  void deleteOfPageAlreadyTrashedIsAlreadyApplied() {
    h.notion.trash(pages.get("P1"));

    OpResult result = apply(new Op.Delete(1, "P1", pages.get("P1"), h.snapshot("P1")));

    assertThat(result.outcome()).isEqualTo(Outcome.ALREADY_APPLIED);
    assertThat(patches()).isZero();
  }

  @Test
  void deleteOfPageNotReturnedByIncrementalReadMovesItToTheTrash() {
    OpResult result = apply(new Op.Delete(1, "P1", pages.get("P1"), h.snapshot("P1")));

    assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.APPLIED);
    assertThat(h.notion.page(pages.get("P1")).get("in_trash").asBoolean()).isTrue();
  }

  @Test
  void deleteOfPageEditedSinceTheSnapshotIsStale() {
    h.notion.humanEdit(pages.get("P1"), json("{\"Active\":{\"checkbox\":false}}"));

    OpResult result = apply(new Op.Delete(1, "P1", pages.get("P1"), h.snapshot("P1")));

    assertThat(result.outcome()).isEqualTo(Outcome.STALE);
    assertThat(h.notion.page(pages.get("P1")).get("in_trash").asBoolean()).isFalse();
  }

  @Test
  void anOpOnAPageThatNowHoldsAnotherKeyIsStale() {
    h.notion.humanEdit(pages.get("P1"), json("{" + NotionHarness.text("Person ID", "P9") + "}"));

    OpResult update = apply(rename("P1", "Renamed"));
    OpResult delete = apply(new Op.Delete(2, "P1", pages.get("P1"), h.snapshot("P1")));

    assertThat(update.outcome()).isEqualTo(Outcome.STALE);
    assertThat(update.error())
        .isEqualTo("page " + pages.get("P1") + " of key 'P1' now holds key 'P9'");
    assertThat(delete.outcome()).isEqualTo(Outcome.STALE);
    assertThat(patches()).isZero();
  }

  @Test
  void aCreateOfAKeyAQuietPageHoldsIsAlreadyAppliedWhenThePageHoldsIt() {
    CanonicalRecord p1 = h.snapshot("P1");
    assertThat(apply(new Op.Create(1, "P1", p1)).outcome()).isEqualTo(Outcome.ALREADY_APPLIED);
    CanonicalRecord other = p1.with(Map.of("name", text("Someone else")));
    assertThat(apply(new Op.Create(2, "P1", other)).outcome()).isEqualTo(Outcome.STALE);
    assertThat(h.notion.requestLog().count("POST", "/v1/pages")).isZero();
  }
}
