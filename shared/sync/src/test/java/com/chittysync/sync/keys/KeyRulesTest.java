package com.chittysync.sync.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRulesTest {
  @Test
  void keysThatReadAsThemselvesPass() {
    for (String key :
        List.of("P1", "Ann Lee", "Jos\u00E9", "\u5C71\u7530", "a/b~c", "x\uD83D\uDE00y", "Z")) {
      assertThat(KeyRules.check("id", key)).as(key).isEmpty();
    }
  }

  @Test
  void eachLookAlikeOrUnstorableKeyIsOneErrorAtTheKeyPathSayingWhy() {
    Map<String, String> why =
        Map.of(
            "P\u00001", "contains U+0000 NULL at character 2, which PostgreSQL cannot store",
            "P\uD8001", "lone surrogate U+D800",
            "\u200BP1", "contains U+200B ZERO WIDTH SPACE (an invisible character)",
            "P\u202E1", "contains U+202E RIGHT-TO-LEFT OVERRIDE (an invisible character)",
            "\uFEFFP1", "contains U+FEFF ZERO WIDTH NO-BREAK SPACE (an invisible character)",
            "P\n1", "contains U+000A LINE FEED (LF) (a control character)",
            " P1", "begins with whitespace",
            "P1\u3000", "contains U+3000 IDEOGRAPHIC SPACE (a space other than U+0020)",
            "P\u115F1", "U+115F HANGUL CHOSEONG FILLER (an invisible character)");
    why.forEach(
        (key, reason) ->
            assertThat(KeyRules.check("person/id", key))
                .as(reason)
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.path()).isEqualTo("/person~1id");
                      assertThat(e.message()).contains(reason).doesNotContain("\u0000");
                    }));
  }

  @Test
  void theMessageWritesOutWhatTheEyeCannotSee() {
    assertThat(KeyRules.check("id", "\u202EP1 ").get(0).message())
        .startsWith("the key \"\\u202eP1 \" contains")
        .contains("ends with whitespace");
  }
}
