package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTypesTest {
  @Test
  void typesComeFromTypeFormatRefsAndAgreeingBranches() {
    String schema =
        "{\"type\":\"object\",\"$defs\":{\"day\":{\"type\":\"string\",\"format\":\"date\"}},"
            + "\"properties\":{"
            + "\"id\":{\"type\":\"integer\"},"
            + "\"name\":{\"type\":[\"string\",\"null\"]},"
            + "\"age\":{\"type\":\"integer\"},"
            + "\"score\":{\"type\":[\"number\",\"integer\"]},"
            + "\"born\":{\"$ref\":\"#/$defs/day\"},"
            + "\"seen\":{\"anyOf\":[{\"type\":\"string\",\"format\":\"date-time\"},{\"type\":\"null\"}]},"
            + "\"active\":{\"type\":\"boolean\"},"
            + "\"tags\":{\"type\":\"array\"},"
            + "\"meta\":{\"type\":\"object\"},"
            + "\"either\":{\"type\":[\"string\",\"number\"]}}}";
    SchemaTypes types =
        SchemaTypes.of(
            schema,
            "registries.people.schema",
            "id",
            List.of(
                "name", "age", "score", "born", "seen", "active", "tags", "meta", "either",
                "extra"));
    assertThat(types.type("id")).isEqualTo(FieldType.STRING); // the key is always text
    assertThat(types.type("name")).isEqualTo(FieldType.STRING);
    assertThat(types.type("age")).isEqualTo(FieldType.INTEGER);
    assertThat(types.type("score")).isEqualTo(FieldType.NUMBER);
    assertThat(types.type("born")).isEqualTo(FieldType.DATE);
    assertThat(types.type("seen")).isEqualTo(FieldType.DATE_TIME);
    assertThat(types.type("active")).isEqualTo(FieldType.BOOLEAN);
    assertThat(types.type("tags")).isEqualTo(FieldType.ARRAY);
    assertThat(types.type("meta")).isEqualTo(FieldType.OBJECT);
    assertThat(types.type("either")).isEqualTo(FieldType.ANY);
    assertThat(types.type("extra")).isEqualTo(FieldType.ANY);
  }
}
