package com.chittysync.sync.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableTextTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @Test
  void nulAndLoneSurrogatesAreWhatPostgresCannotHold() {
    assertThat(StorableText.storable("plain \uD83D\uDE00 \uFFFF \u0001")).isTrue();
    assertThat(StorableText.storable("a\u0000")).isFalse();
    assertThat(StorableText.storable("\uD800")).isFalse();
    assertThat(StorableText.storable("\uDE00x")).isFalse();
    assertThat(StorableText.storable("x\uD83D")).isFalse();
  }

  @Test
  void theStorableFormWritesOutOnlyWhatMustBe() {
    assertThat(StorableText.storableForm("P\\1")).isEqualTo("P\\1");
    assertThat(StorableText.storableForm("P\\\u00001")).isEqualTo("P\\\\\\u00001");
    assertThat(StorableText.storableForm(List.of(new FieldError("/a", "b\uD800"))))
        .containsExactly(new FieldError("/a", "b\\ud800"));
  }

  @Test
  void everyUnstorableNameAndValueIsReportedAtItsPath() {
    CanonicalRecord record =
        new CanonicalRecord(
            "k",
            Map.of(
                "ok",
                JSON.textNode("fine"),
                "a/b",
                JSON.arrayNode().add(1).add("x\u0000"),
                "obj",
                JSON.objectNode().put("n\u0000", "v").put("m", "\uDC00")));
    assertThat(StorableText.check(record))
        .extracting(FieldError::path)
        .containsExactlyInAnyOrder("/a~1b/1", "/obj/n\\u0000", "/obj/m");
  }
}
