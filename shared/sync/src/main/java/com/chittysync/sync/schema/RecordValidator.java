package com.chittysync.sync.schema;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.core.config.ConfigException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A registry's JSON Schema (draft 2020-12), compiled once, checking records in canonical form.
 * Thread-safe; compile it once per run and share it.
 *
 * <p>Compiling checks that the schema is a JSON object, that any {@code $schema} it declares is
 * draft 2020-12, that it is valid against the draft 2020-12 meta-schema, and that it compiles. When
 * it declares {@code properties}, the registry's key field must be among them with {@code "type":
 * "string"}. Schemas are self-contained: a {@code $ref} to anything outside the document is
 * refused, so validating never does I/O.
 *
 * <p>{@code format} is an annotation only, as draft 2020-12 specifies by default: {@code "format":
 * "email"} documents a field but does not reject other strings (use {@code pattern} to enforce a
 * shape). Asserting formats would also make validation several times slower; with annotations,
 * 100,000 small records validate in roughly a tenth of a second.
 */
public final class RecordValidator {
  /** The meta-schema IRI of JSON Schema draft 2020-12. */
  public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** For records: {@code format} is an annotation, as draft 2020-12 specifies by default. */
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .formatAssertionsEnabled(false)
          .locale(Locale.ENGLISH)
          .build();

  /**
   * For checking schemas against the meta-schema, once per compile: formats asserted, so that an
   * invalid {@code pattern} regex is reported with its path.
   */
  private static final SchemaValidatorsConfig META_CONFIG =
      SchemaValidatorsConfig.builder(CONFIG).formatAssertionsEnabled(true).build();

  private final JsonSchema schema;
  private final String keyField;
  private final String keyPointer;

  private RecordValidator(JsonSchema schema, String keyField) {
    this.schema = schema;
    this.keyField = keyField;
    this.keyPointer = "/" + escape(keyField);
  }

  /**
   * Parses and compiles the schema text {@code text}.
   *
   * @param origin where the text came from (path or URL), for messages
   * @param keyField the registry's key field
   * @param where the config path problems are reported under, for example {@code
   *     registries.people.schema}
   * @throws ConfigException with every problem found
   */
  public static RecordValidator compile(String text, String origin, String keyField, String where) {
    JsonNode node;
    try {
      node = STRICT_JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // The parser's message quotes what it read, and the text may be any file a config named:
      // say where the JSON breaks, never what is there.
      throw new ConfigException(
          where
              + ": "
              + origin
              + " is not valid JSON"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    }
    if (node == null || node.isMissingNode()) {
      throw new ConfigException(where + ": " + origin + " is empty; it must hold a JSON Schema");
    }
    return compile(node, origin, keyField, where);
  }

  /**
   * Compiles {@code schema}.
   *
   * @see #compile(String, String, String, String)
   */
  public static RecordValidator compile(
      JsonNode schema, String origin, String keyField, String where) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(keyField, "keyField");
    String prefix = where + ": " + origin;
    if (!schema.isObject()) {
      throw new ConfigException(
          prefix + " must be a JSON object (a JSON Schema), got " + describe(schema.getNodeType()));
    }
    List<String> problems = new ArrayList<>();
    JsonNode declared = schema.get("$schema");
    if (declared != null
        && !(declared.isTextual()
            && (declared.asText().equals(DRAFT_2020_12)
                || declared.asText().equals(DRAFT_2020_12 + "#")))) {
      throw new ConfigException(
          prefix
              + " declares \"$schema\": "
              + declared
              + "; only JSON Schema draft 2020-12 ("
              + DRAFT_2020_12
              + ") is supported");
    }
    for (ValidationMessage m : MetaSchema.INSTANCE.validate(schema)) {
      problems.add(prefix + ": " + pointer(m) + ": " + message(m));
    }
    checkKey(schema, keyField, prefix, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    JsonSchema compiled;
    try {
      compiled = factory().getSchema(schema, CONFIG);
      compiled.initializeValidators();
    } catch (RuntimeException e) {
      throw new ConfigException(prefix + " cannot be compiled: " + e.getMessage());
    }
    return new RecordValidator(compiled, keyField);
  }

  /** The registry's key field this validator checks. */
  public String keyField() {
    return keyField;
  }

  /**
   * Checks {@code record}'s fields ({@link CanonicalRecord#toJson()}) against the schema, and that
   * the key field is a non-empty string.
   *
   * @return every error, each with a JSON-pointer path ({@code /email}, {@code /} for the whole
   *     record) and a message; empty when the record is valid
   */
  public List<FieldError> validate(CanonicalRecord record) {
    return validate(record.toJson());
  }

  /** Checks a record given as its canonical fields object. */
  public List<FieldError> validate(ObjectNode fields) {
    List<FieldError> errors = new ArrayList<>(0);
    JsonNode key = fields.get(keyField);
    boolean keyBad = true;
    if (key == null || key.isNull()) {
      errors.add(new FieldError(keyPointer, "the key field '" + keyField + "' is missing"));
    } else if (!key.isTextual()) {
      errors.add(
          new FieldError(
              keyPointer,
              "the key field '"
                  + keyField
                  + "' must be a string, got "
                  + describe(key.getNodeType())));
    } else if (key.asText().isBlank()) {
      errors.add(new FieldError(keyPointer, "the key field '" + keyField + "' is empty"));
    } else {
      keyBad = false;
    }
    Set<ValidationMessage> messages = schema.validate(fields);
    for (ValidationMessage m : messages) {
      String path = pointer(m);
      if (keyBad && path.equals(keyPointer)) {
        continue; // already reported, better worded
      }
      errors.add(new FieldError(path, message(m)));
    }
    return errors;
  }

  private static void checkKey(
      JsonNode schema, String keyField, String prefix, List<String> problems) {
    JsonNode properties = schema.get("properties");
    if (properties == null || !properties.isObject()) {
      return;
    }
    JsonNode property = properties.get(keyField);
    if (property == null) {
      problems.add(
          prefix
              + " declares properties but not the key field '"
              + keyField
              + "'; declare it with \"type\": \"string\"");
      return;
    }
    JsonNode type = property.isObject() ? property.get("type") : null;
    boolean isString =
        type != null
            && ((type.isTextual() && type.asText().equals("string"))
                || (type.isArray()
                    && type.size() == 1
                    && type.get(0).isTextual()
                    && type.get(0).asText().equals("string")));
    if (!isString) {
      problems.add(
          prefix
              + ": /properties/"
              + escape(keyField)
              + ": the key field '"
              + keyField
              + "' must be declared with \"type\": \"string\"");
    }
  }

  /**
   * Where {@code m} is, as a JSON pointer; for a missing required property or one the schema does
   * not allow, the property's own pointer.
   */
  private static String pointer(ValidationMessage m) {
    String at = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
    if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))
        && m.getProperty() != null) {
      return at + "/" + escape(m.getProperty());
    }
    return at.isEmpty() ? "/" : at;
  }

  /** The message of {@code m} without the location networknt puts in front of it. */
  private static String message(ValidationMessage m) {
    String message = m.getMessage();
    String at = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
    String lead = at + ": ";
    if (message.startsWith(lead)) {
      return message.substring(lead.length());
    }
    return message;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String describe(JsonNodeType type) {
    return switch (type) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * A new factory per compiled schema, so that schemas with the same {@code $id} in different
   * registries never share a cache entry. Only the bundled meta-schemas may be loaded: no network.
   */
  private static JsonSchemaFactory factory() {
    return JsonSchemaFactory.getInstance(
        SpecVersion.VersionFlag.V202012,
        builder ->
            builder.schemaLoaders(
                loaders ->
                    loaders.add(
                        new AllowSchemaLoader(
                            iri ->
                                iri.toString().startsWith("classpath:")
                                    || iri.toString().startsWith("resource:")))));
  }

  /** The draft 2020-12 meta-schema, from the validator's bundled copy. */
  private static final class MetaSchema {
    static final JsonSchema INSTANCE = load();

    private static JsonSchema load() {
      JsonSchema meta = factory().getSchema(SchemaLocation.of(DRAFT_2020_12), META_CONFIG);
      meta.initializeValidators();
      return meta;
    }
  }
}
