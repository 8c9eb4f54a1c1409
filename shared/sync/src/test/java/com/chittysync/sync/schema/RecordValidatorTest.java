package com.chittysync.sync.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
  static final String SCHEMA =
      """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
          "person_id": {"type": "string"},
          "full_name": {"type": "string", "minLength": 1},
          "email": {"type": "string", "format": "email"},
          "age": {"type": "integer", "minimum": 0},
          "status": {"enum": ["active", "inactive"]},
          "tags": {"type": "array", "items": {"type": "string"}},
          "address": {
            "type": "object",
            "properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
            "required": ["zip"]
          }
        },
        "required": ["person_id", "full_name"],
        "additionalProperties": false
      }
      """;

  private static final String WHERE = "registries.people.schema";

  private final RecordValidator validator =
      RecordValidator.compile(SCHEMA, "person.schema.json", "person_id", WHERE);

  static CanonicalRecord record(String json) {
    try {
      JsonNode node = Json.mapper().readTree(json);
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
      JsonNode key = node.get("person_id");
      return new CanonicalRecord(key == null ? "" : key.asText(), fields);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> problems(String schema) {
    try {
      RecordValidator.compile(schema, "person.schema.json", "person_id", WHERE);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the schema to be refused: " + schema);
  }

  @Test
  void validRecordHasNoErrors() {
    assertThat(
            validator.validate(
                record(
                    """
                    {"person_id": "p-1", "full_name": "Ada", "email": "ada@example.com",
                     "age": 36, "status": "active", "tags": ["x"], "address": {"zip": "12345"}}
                    """)))
        .isEmpty();
    assertThat(validator.keyField()).isEqualTo("person_id");
  }

  @Test
  void typeErrorsNameTheFieldAndWhatWasExpected() {
    assertThat(
            validator.validate(
                record("{\"person_id\": \"p\", \"full_name\": \"A\", \"age\": \"36\"}")))
        .containsExactly(new FieldError("/age", "string found, integer expected"));
  }

  @Test
  void missingRequiredFieldIsReportedAtItsOwnPath() {
    assertThat(validator.validate(record("{\"person_id\": \"p\"}")))
        .containsExactly(new FieldError("/full_name", "required property 'full_name' not found"));
  }

  @Test
  void enumViolationListsTheAllowedValues() {
    assertThat(
            validator.validate(
                record("{\"person_id\": \"p\", \"full_name\": \"A\", \"status\": \"gone\"}")))
        .containsExactly(
            new FieldError(
                "/status", "does not have a value in the enumeration [\"active\", \"inactive\"]"));
  }

  @Test
  void nestedErrorsHaveNestedPaths() {
    assertThat(
            validator.validate(
                record(
                    """
                    {"person_id": "p", "full_name": "A", "tags": ["a", 2],
                     "address": {"zip": "ABCDE"}}
                    """)))
        .containsExactlyInAnyOrder(
            new FieldError("/tags/1", "integer found, string expected"),
            new FieldError("/address/zip", "does not match the regex pattern ^[0-9]{5}$"));
    assertThat(
            validator.validate(
                record("{\"person_id\": \"p\", \"full_name\": \"A\", \"address\": {}}")))
        .containsExactly(new FieldError("/address/zip", "required property 'zip' not found"));
  }

  @Test
  void formatsAreAnnotationsAsDraft202012Specifies() {
    assertThat(
            validator.validate(
                record(
                    "{\"person_id\": \"p\", \"full_name\": \"A\", \"email\": \"not an address\"}")))
        .isEmpty();
  }

  @Test
  void invalidPatternInTheSchemaIsReported() {
    assertThat(
            problems(
                "{\"properties\": {\"person_id\": {\"type\": \"string\", \"pattern\": \"[\"}}}"))
        .containsExactly(
            WHERE
                + ": person.schema.json: /properties/person_id/pattern: does not match the regex"
                + " pattern must be a valid ECMA-262 regular expression");
  }

  @Test
  void undeclaredFieldIsReportedAtItsPath() {
    assertThat(
            validator.validate(
                record("{\"person_id\": \"p\", \"full_name\": \"A\", \"nickname\": \"Al\"}")))
        .containsExactly(
            new FieldError(
                "/nickname",
                "property 'nickname' is not defined in the schema and the schema does not allow"
                    + " additional properties"));
  }

  @Test
  void everyErrorIsReported() {
    assertThat(
            validator.validate(
                record("{\"age\": -1, \"status\": 3, \"full_name\": \"\", \"person_id\": \"p\"}")))
        .extracting(FieldError::path)
        .containsExactlyInAnyOrder("/full_name", "/age", "/status");
  }

  @Test
  void missingKeyIsReportedOnce() {
    assertThat(validator.validate(record("{\"full_name\": \"A\"}")))
        .containsExactly(new FieldError("/person_id", "the key field 'person_id' is missing"));
  }

  @Test
  void emptyKeyIsAnError() {
    assertThat(validator.validate(record("{\"person_id\": \"  \", \"full_name\": \"A\"}")))
        .containsExactly(new FieldError("/person_id", "the key field 'person_id' is empty"));
  }

  @Test
  void keyMustBeAString() {
    assertThat(validator.validate(record("{\"person_id\": 7, \"full_name\": \"A\"}")))
        .containsExactly(
            new FieldError(
                "/person_id", "the key field 'person_id' must be a string, got a number"));
  }

  @Test
  void schemaWithoutPropertiesStillRequiresTheKey() {
    RecordValidator loose = RecordValidator.compile("{}", "any.json", "id", WHERE);
    assertThat(
            loose.validate(new CanonicalRecord("1", Map.of("id", Json.mapper().valueToTree("1")))))
        .isEmpty();
    assertThat(loose.validate(new CanonicalRecord("1", Map.of())))
        .containsExactly(new FieldError("/id", "the key field 'id' is missing"));
  }

  // --- schemas that are refused ---

  @Test
  void schemaMustBeJson() {
    assertThat(problems("{\"type\": \"object\",}"))
        .singleElement()
        .asString()
        .isEqualTo(WHERE + ": person.schema.json is not valid JSON (line 1, column 19)");
    assertThat(problems("  "))
        .containsExactly(WHERE + ": person.schema.json is empty; it must hold a JSON Schema");
  }

  @Test
  void schemaMustBeAnObject() {
    assertThat(problems("true"))
        .containsExactly(
            WHERE + ": person.schema.json must be a JSON object (a JSON Schema), got a boolean");
  }

  @Test
  void onlyDraft202012IsSupported() {
    assertThat(problems("{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}"))
        .containsExactly(
            WHERE
                + ": person.schema.json declares \"$schema\":"
                + " \"http://json-schema.org/draft-07/schema#\"; only JSON Schema draft 2020-12"
                + " (https://json-schema.org/draft/2020-12/schema) is supported");
  }

  @Test
  void schemaMustBeValidAgainstTheMetaSchema() {
    assertThat(problems("{\"properties\": {\"person_id\": {\"type\": \"text\"}}}"))
        .contains(
            WHERE
                + ": person.schema.json: /properties/person_id/type: does not have a value in the"
                + " enumeration [\"array\", \"boolean\", \"integer\", \"null\", \"number\","
                + " \"object\", \"string\"]");
    assertThat(problems("{\"type\": \"object\", \"minProperties\": -1}"))
        .containsExactly(
            WHERE + ": person.schema.json: /minProperties: must have a minimum value of 0");
  }

  @Test
  void remoteReferencesAreNotFetched() {
    assertThat(problems("{\"$ref\": \"https://example.com/other.schema.json\"}"))
        .containsExactly(
            WHERE
                + ": person.schema.json cannot be compiled: Schema from"
                + " 'https://example.com/other.schema.json' is not allowed to be loaded.");
  }

  @Test
  void localReferencesWork() {
    RecordValidator withDefs =
        RecordValidator.compile(
            """
            {"$defs": {"id": {"type": "string", "minLength": 2}},
             "properties": {"person_id": {"type": "string", "$ref": "#/$defs/id"}}}
            """,
            "defs.json",
            "person_id",
            WHERE);
    assertThat(withDefs.validate(record("{\"person_id\": \"x\"}")))
        .containsExactly(new FieldError("/person_id", "must be at least 2 characters long"));
  }

  @Test
  void keyMustBeADeclaredStringProperty() {
    assertThat(problems("{\"properties\": {\"email\": {\"type\": \"string\"}}}"))
        .containsExactly(
            WHERE
                + ": person.schema.json declares properties but not the key field 'person_id';"
                + " declare it with \"type\": \"string\"");
    assertThat(problems("{\"properties\": {\"person_id\": {\"type\": \"integer\"}}}"))
        .containsExactly(
            WHERE
                + ": person.schema.json: /properties/person_id: the key field 'person_id' must be"
                + " declared with \"type\": \"string\"");
    assertThat(
            RecordValidator.compile(
                    "{\"properties\": {\"person_id\": {\"type\": [\"string\"]}}}",
                    "s.json",
                    "person_id",
                    WHERE)
                .keyField())
        .isEqualTo("person_id");
  }
}
