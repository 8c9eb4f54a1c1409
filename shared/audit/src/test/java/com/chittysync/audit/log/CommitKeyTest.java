package com.chittysync.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.Jcs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CommitKeyTest {
  private static final CommitKey KEY = CommitKey.of(new byte[32]);

  /**
   * The fast path writes the canonical message by hand; a verifier recomputes it through {@link
   * CommitKey#opContext}. Any difference in member order or escaping would make every commitment
   * unprovable.
   */
  @Property(tries = 500)
  void commitOpMakesTheSameCommitmentAsTheContextTree(
      @ForAll("names") String registry,
      @ForAll("texts") String endpoint,
      @ForAll @IntRange(min = 0, max = 2_000_000) int opNo,
      @ForAll("sides") String side,
      @ForAll("fields") String field,
      @ForAll("values") JsonNode value) {
    String plan = "0f8e2b1c-5d6a-4e7f-8a9b-0c1d2e3f4a5b";
    String f = side.equals("key") ? null : field;
    assertThat(KEY.commitOp(registry, plan, opNo, endpoint, side, f, value))
        .isEqualTo(KEY.commit(CommitKey.opContext(registry, plan, opNo, endpoint, side, f), value));
  }

  @Property(tries = 300)
  void appendStringEscapesLikeCanonicalize(@ForAll("texts") String s) {
    StringBuilder out = new StringBuilder();
    Jcs.appendString(s, out);
    assertThat(out.toString())
        .isEqualTo(
            new String(
                Jcs.canonicalize(JsonNodeFactory.instance.textNode(s)), StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> texts() {
    // Control characters, quotes, backslashes and characters beyond the BMP: every escape path.
    return Arbitraries.strings()
        .withChars("\"\\\b\f\n\r\t\u0001\u001f/é€")
        .withCharRange('a', 'z')
        .withCharRange('\u0000', '\u0020')
        .ofMaxLength(30)
        .map(s -> s.length() > 3 ? s + "😀" : s);
  }

  @Provide
  Arbitrary<String> sides() {
    return Arbitraries.of("before", "after", "key");
  }

  @Provide
  Arbitrary<String> fields() {
    return texts();
  }

  @Provide
  Arbitrary<JsonNode> values() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return Arbitraries.oneOf(
        texts().map(f::textNode),
        Arbitraries.longs().map(f::numberNode),
        Arbitraries.doubles().map(f::numberNode),
        Arbitraries.of(true, false).map(f::booleanNode),
        Arbitraries.just(f.nullNode()),
        Arbitraries.just((JsonNode) null),
        texts()
            .list()
            .ofMaxSize(3)
            .map(
                l -> {
                  ObjectNode o = f.objectNode();
                  l.forEach(s -> o.put(s, s.length()));
                  o.putArray("list").add(1).add("x");
                  return o;
                }));
  }
}
