package com.chittysync.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.AuditException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JcsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static Stream<String> officialVectorNames() throws IOException {
    try (Stream<Path> files = Files.list(ReferenceData.dir().resolve("jcs/input"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(6);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("officialVectorNames")
  void officialRfc8785VectorsCanonicalizeByteForByte(String name) {
    byte[] input = ReferenceData.bytes("jcs/input/" + name);
    byte[] expected = ReferenceData.bytes("jcs/output/" + name);
    String outhex = new String(ReferenceData.bytes("jcs/outhex/" + name.replace(".json", ".txt")));
    byte[] expectedFromHex = ReferenceData.hex(outhex.replaceAll("\\s+", ""));

    byte[] actual = Jcs.canonicalize(input);

    assertThat(actual).isEqualTo(expected);
    assertThat(actual).isEqualTo(expectedFromHex);
    // Canonical output is a fixed point.
    assertThat(Jcs.canonicalize(actual)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("officialVectorNames")
  void jsonNodeInputCanonicalizesLikeTextInput(String name) throws IOException {
    byte[] input = ReferenceData.bytes("jcs/input/" + name);
    JsonNode node = new ObjectMapper().readTree(input);
    assertThat(Jcs.canonicalize(node)).isEqualTo(Jcs.canonicalize(input));
    assertThat(Jcs.canonicalize(new String(input, StandardCharsets.UTF_8)))
        .isEqualTo(Jcs.canonicalize(input));
  }

  @Test
  void es6NumberSamplesFormatLikeJavaScript() {
    List<String> lines = ReferenceData.lines("jcs/es6-number-samples.csv");
    assertThat(lines.get(0)).isEqualTo("hex-ieee,expected");
    List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    assertThat(rows).hasSize(7);
    for (String row : rows) {
      String[] cols = row.split(",");
      double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
      assertThat(new String(Jcs.canonicalize(NODES.numberNode(d)), StandardCharsets.UTF_8))
          .as("0x%s", cols[0])
          .isEqualTo(cols[1]);
    }
  }

  @Test
  void tenThousandDoublesFormatLikeNodeJs() throws IOException {
    // es6-doubles.csv was produced by Node.js (see es6-doubles.gen.js beside it).
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("es6-doubles.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = r.readLine();
      assertThat(header).isEqualTo("hex-ieee,expected");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cols = line.split(",");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(cols[0], 16));
        assertThat(new String(Jcs.canonicalize(NODES.numberNode(d)), StandardCharsets.UTF_8))
            .as("0x%s", cols[0])
            .isEqualTo(cols[1]);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(10_000);
  }

  @Test
  void numbersAreParsedAsIeeeDoubles() {
    assertThat(Jcs.canonicalizeToString("[9007199254740993, -0, -0.0, 1E2]"))
        .isEqualTo("[9007199254740992,0,0,100]");
    assertThat(Jcs.canonicalizeToString("[123456789012345678901234567890]"))
        .isEqualTo("[1.2345678901234568e+29]");
    assertThat(Jcs.canonicalize(NODES.numberNode(new BigDecimal("4.50"))))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("4.5");
  }

  @Test
  void keysSortByUtf16CodeUnitsNotCodePoints() {
    // U+1F602 is the surrogate pair D83D DE02, which sorts before U+FB33 by code unit.
    assertThat(Jcs.canonicalizeToString("{\"\\ufb33\":1,\"\\ud83d\\ude02\":2,\"\\u20ac\":3}"))
        .isEqualTo("{\"€\":3,\"\uD83D\uDE02\":2,\"\uFB33\":1}");
  }

  @Test
  void stringsUseMinimalEscapes() {
    assertThat(
            Jcs.canonicalizeToString(
                "[\"\\u0000\\u001f\\b\\t\\n\\f\\r\\\"\\\\\\/\\u007f\\u00e9\"]"))
        .isEqualTo("[\"\\u0000\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\u007f\u00e9\"]");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> Jcs.canonicalize("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}"))
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isEqualTo(Reason.NOT_I_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"\\ud800\"]", "[\"\\udc00x\"]", "{\"\\ud83d\":1}", "[\"a\\ude02\"]"})
  void loneSurrogatesAreRejected(String json) {
    assertThatThrownBy(() -> Jcs.canonicalize(json))
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isEqualTo(Reason.NOT_I_JSON);
  }

  @Test
  void loneSurrogatesInJsonNodesAreRejected() {
    ObjectNode node = NODES.objectNode().put("k", "\uD800");
    assertThatThrownBy(() -> Jcs.canonicalize(node))
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isEqualTo(Reason.NOT_I_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1e400]", "[-1e400]"})
  void nonFiniteNumbersAreRejected(String json) {
    assertThatThrownBy(() -> Jcs.canonicalize(json))
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isEqualTo(Reason.NOT_I_JSON);
    assertThatThrownBy(() -> Jcs.canonicalize(NODES.numberNode(Double.NaN)))
        .isInstanceOf(AuditException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(NODES.numberNode(BigInteger.TEN.pow(400))))
        .isInstanceOf(AuditException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "[01]",
        "[1,]",
        "{\"a\":1} x",
        "[NaN]",
        "{'a':1}",
        "[\"\u0001\"]",
        "// c\n[]",
        "\uFEFF[]"
      })
  void malformedJsonIsRejected(String json) {
    assertThatThrownBy(() -> Jcs.canonicalize(json))
        .isInstanceOf(AuditException.class)
        .extracting(e -> ((AuditException) e).reason())
        .isIn(Reason.MALFORMED_JSON, Reason.NOT_I_JSON);
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] overlong = {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'};
    byte[] encodedSurrogate = {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'};
    for (byte[] bad : List.of(overlong, encodedSurrogate)) {
      assertThatThrownBy(() -> Jcs.canonicalize(bad))
          .isInstanceOf(AuditException.class)
          .extracting(e -> ((AuditException) e).reason())
          .isEqualTo(Reason.NOT_I_JSON);
    }
  }

  @Test
  void nonJsonNodeTypesAreRejected() {
    List<JsonNode> bad = new ArrayList<>();
    bad.add(NODES.binaryNode(new byte[] {1}));
    bad.add(NODES.pojoNode(new Object()));
    bad.add(NODES.missingNode());
    for (JsonNode n : bad) {
      assertThatThrownBy(() -> Jcs.canonicalize(n)).isInstanceOf(AuditException.class);
    }
  }
}
