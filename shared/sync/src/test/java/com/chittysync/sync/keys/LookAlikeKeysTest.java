package com.chittysync.sync.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LookAlikeKeysTest {
  private static final String COMPOSED = "Jos\u00E9";
  private static final String DECOMPOSED = "Jose\u0301";

  @Test
  void keysInNormalFormNeverCollide() {
    assertThat(LookAlikeKeys.find("id", Map.of("a", Set.of("P1", COMPOSED), "b", Set.of("P1"))))
        .isEmpty();
  }

  @Test
  void everyPlaceHoldingASpellingIsReportedNamingTheOthersAndWhereTheyAre() {
    Map<String, Set<String>> held = new LinkedHashMap<>();
    held.put("a", Set.of(COMPOSED, "P1"));
    held.put("b", Set.of(DECOMPOSED, COMPOSED));
    held.put("c", Set.of("P1"));
    List<LookAlikeKeys.Duplicate> found = LookAlikeKeys.find("id", held);
    assertThat(found)
        .extracting(d -> d.endpoint() + ":" + d.key())
        .containsExactlyInAnyOrder("a:" + COMPOSED, "b:" + COMPOSED, "b:" + DECOMPOSED);
    LookAlikeKeys.Duplicate decomposed =
        found.stream().filter(d -> d.key().equals(DECOMPOSED)).findFirst().orElseThrow();
    assertThat(decomposed.error().path()).isEqualTo("/id");
    assertThat(decomposed.error().message())
        .startsWith("the key \"Jose\\u0301\" is the same text under Unicode NFC normalisation")
        .contains("\"Jos\u00E9\" (in a, b)");
  }

  @Test
  void threeSpellingsOfOneKeyAreOneGroup() {
    // Å as one letter, as A with a ring, and as the angstrom sign: one key.
    List<LookAlikeKeys.Duplicate> found =
        LookAlikeKeys.find(
            "id", Map.of("a", Set.of("\u00C5x"), "b", Set.of("A\u030Ax"), "c", Set.of("\u212Bx")));
    assertThat(found).hasSize(3);
    assertThat(found).allSatisfy(d -> assertThat(d.error().message()).contains(" and "));
  }
}
