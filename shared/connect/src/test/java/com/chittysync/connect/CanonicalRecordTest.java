package com.chittysync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.Jcs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RecordTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * Stored hashes were made as SHA-256 of the RFC 8785 form of the record's JSON object; a hash
   * computed any other way must give the same bytes, or every stored snapshot reads as changed.
   */
  @Property(tries = 400)
  void contentHashIsSha256OfTheCanonicalJsonObject(@ForAll("fields") Map<String, JsonNode> fields)
      throws Exception {
    CanonicalRecord record = new CanonicalRecord("k", fields);
    byte[] expected =
        MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalize(record.toJson()));
    assertThat(record.contentHash()).isEqualTo(expected);
  }

  @Property(tries = 200)
  void fieldsAreSortedWithoutEmptyValuesAndEqualToATreeMapOfThem(
      @ForAll("fields") Map<String, JsonNode> fields) {
    CanonicalRecord record = new CanonicalRecord("k", fields);
    TreeMap<String, JsonNode> expected = new TreeMap<>();
    fields.forEach(
        (name, value) -> {
          if (value != null && !value.isNull()) {
            expected.put(name, value);
          }
        });
    assertThat(List.copyOf(record.fields().keySet())).isEqualTo(List.copyOf(expected.keySet()));
    expected.forEach(
        (name, value) -> assertThat(CanonicalRecord.sameValue(record.get(name), value)).isTrue());
    assertThat(record).isEqualTo(new CanonicalRecord("k", expected));
    assertThat(record.hashCode()).isEqualTo(new CanonicalRecord("k", expected).hashCode());
  }

  @Provide
  Arbitrary<Map<String, JsonNode>> fields() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars("_AZé\"\\")
            .ofMinLength(1)
            .ofMaxLength(8);
    Arbitrary<JsonNode> values =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("é\n\t\u0001")
                .ofMaxLength(12)
                .map(F::textNode),
            Arbitraries.longs().between(-1_000_000, 1_000_000).map(F::numberNode),
            Arbitraries.doubles().between(-1e6, 1e6).map(F::numberNode),
            Arbitraries.of(true, false).map(F::booleanNode),
            Arbitraries.just(F.nullNode()),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMaxLength(4)
                .list()
                .ofMaxSize(3)
                .map(
                    l -> {
                      var a = F.arrayNode();
                      l.forEach(a::add);
                      return (JsonNode) a;
                    }));
    return Arbitraries.maps(names, values).ofMaxSize(12).map(HashMap::new);
  }
}
