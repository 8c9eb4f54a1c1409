package com.chittysync.sync.config;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.RegistryConfig.AuditDetail;
import com.chittysync.connect.config.RegistryConfig.AuditKeys;
import com.chittysync.connect.config.RegistryConfig.Conflict;
import com.chittysync.connect.config.RegistryConfig.Deletes;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.envelope.TrustedKeys;
import com.chittysync.sync.schema.SchemaReference;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the sync configuration file (YAML) into a {@link SyncConfig}.
 *
 * <p>The file is validated completely before anything else happens, with no I/O beyond reading it:
 * every problem is collected, each prefixed with its path in the file (for example {@code
 * registries.people.endpoints.replica.fields.email: ...}), and reported together in one {@link
 * ConfigException}. Each endpoint's type then checks its own settings ({@link
 * EndpointType#validate}).
 *
 * <p>The format:
 *
 * <pre>{@code
 * registries:
 *   people:                                  # ^[A-Za-z][A-Za-z0-9_-]{0,62}$
 *     schema: schemas/person.schema.json     # file (relative to this file), http(s) URL, chitty:<name>
 *     key: person_id                         # canonical key field; values are strings
 *     conflict: last-write-wins              # (+ priority: [...] for undated changes), source-priority (+ priority: [...]), content-hash, manual
 *     deletes: propagate                     # hold, ignore
 *     delete_guard: 0.25                     # 0 to 1
 *     schedule: rate(5 minutes)              # or cron(...); optional
 *     audit: hashes                          # values
 *     endpoints:
 *       main:
 *         type: postgres
 *         table: public.people               # other settings: validated by the type
 *         fields: {person_id: id, email: email}   # canonical field -> endpoint's name
 * }</pre>
 */
public final class ConfigLoader {
  /** The setting that makes {@link #loadVerified} refuse a config without a trusted signature. */
  public static final String REQUIRE_SIGNED_CONFIG = "CHITTYSYNC_REQUIRE_SIGNED_CONFIG";

  /** Registry names. */
  public static final Pattern REGISTRY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

  /** Canonical field names. */
  public static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Default share of known records that may go missing in one fetch before deletes are held. */
  public static final double DEFAULT_DELETE_GUARD = 0.25;

  private static final Set<String> REGISTRY_SETTINGS =
      new LinkedHashSet<>(
          List.of(
              "schema",
              "key",
              "conflict",
              "priority",
              "deletes",
              "delete_guard",
              "schedule",
              "audit",
              "endpoints"));

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigLoader() {}

  /**
   * Reads and validates {@code file}.
   *
   * @param types the endpoint types by {@code type:} name
   * @throws ConfigException listing every problem, or saying the file is missing or unreadable
   */
  public static SyncConfig load(Path file, Map<String, EndpointType> types) {
    return parse(file, read(file), types);
  }

  /**
   * {@link #load}, first requiring a trusted signature ({@link ConfigSignatureCheck}) when {@value
   * #REQUIRE_SIGNED_CONFIG} is {@code true}. The trusted keys are {@code ENGINE_PUBKEY_HEX}. The
   * file is read once, so the bytes checked are the bytes parsed.
   *
   * @throws ConfigException when the config is invalid, or unsigned or badly signed while
   *     signatures are required
   */
  public static SyncConfig loadVerified(
      Path file, Map<String, EndpointType> types, Environment env) {
    boolean required = env.getBoolean(REQUIRE_SIGNED_CONFIG, false);
    byte[] bytes = read(file);
    if (required) {
      ConfigSignatureCheck.verify(file, bytes, TrustedKeys.from(env).keyIds());
    }
    return parse(file, bytes, types);
  }

  /**
   * Validates config text {@code yaml} as if read from {@code source} (schema paths are relative to
   * its directory).
   *
   * @throws ConfigException listing every problem
   */
  public static SyncConfig parse(String yaml, Path source, Map<String, EndpointType> types) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(types, "types");
    if (yaml.length() > MAX_CONFIG_BYTES) {
      throw tooLarge(source.toString(), yaml.length());
    }
    return new Parser(source, types).parse(yaml);
  }

  private static ConfigException tooLarge(String file, long size) {
    return tooLarge(file, size + " bytes");
  }

  private static ConfigException tooLarge(String file, String size) {
    return new ConfigException(
        "config file "
            + file
            + " is "
            + size
            + "; a config may be at most "
            + MAX_CONFIG_BYTES
            + " bytes (256 KiB)");
  }

  /** {@code types} by their {@link EndpointType#type()} name. */
  public static Map<String, EndpointType> typesOf(Collection<? extends EndpointType> types) {
    Map<String, EndpointType> byName = new LinkedHashMap<>();
    for (EndpointType type : types) {
      if (byName.putIfAbsent(type.type(), type) != null) {
        throw new IllegalArgumentException("two endpoint types are called " + type.type());
      }
    }
    return byName;
  }

  /**
   * The largest config file read: a registry's config is a few kilobytes, and YAML parsing time
   * grows with the text (a 10 MB file, mostly comment, took over a minute).
   */
  public static final int MAX_CONFIG_BYTES = 256 * 1024;

  static byte[] read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw tooLarge(file.toString(), size);
      }
      // Read at most one byte past the cap: a device or /proc file says it is empty and may
      // never end.
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
      }
      if (bytes.length > MAX_CONFIG_BYTES) {
        throw tooLarge(file.toString(), "over " + MAX_CONFIG_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file " + file + " not found (pass --config FILE or set CHITTYSYNC_CONFIG)");
    } catch (IOException e) {
      throw new ConfigException(
          "config file "
              + file
              + " cannot be read: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private static SyncConfig parse(Path file, byte[] bytes, Map<String, EndpointType> types) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException("config file " + file + " is not UTF-8 text (is it YAML?)");
    }
    return parse(text, file, types);
  }

  /** One parse: the problems found so far. */
  private static final class Parser {
    private final Path source;
    private final Map<String, EndpointType> types;
    private final List<String> problems = new ArrayList<>();

    Parser(Path source, Map<String, EndpointType> types) {
      this.source = source;
      this.types = types;
    }

    SyncConfig parse(String yaml) {
      if (!yaml.isEmpty() && yaml.charAt(0) == '\uFEFF') {
        yaml = yaml.substring(1);
      }
      JsonNode root;
      try {
        root = YAML.readTree(yaml);
      } catch (JsonProcessingException e) {
        throw new ConfigException(source + ": not valid YAML" + at(e) + ": " + describe(e));
      }
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new ConfigException(
            source + ": the file is empty; it must hold a 'registries' mapping");
      }
      if (!root.isObject()) {
        throw new ConfigException(
            source
                + ": must be a YAML mapping with a 'registries' key, got "
                + kind(root)
                + " (line 1)");
      }
      for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("registries")) {
          problems.add(name + ": unknown setting");
        }
      }
      Map<String, RegistryConfig> registries = new LinkedHashMap<>();
      JsonNode registriesNode = root.get("registries");
      if (absent(registriesNode)) {
        problems.add("registries: required (a mapping of registry name to its settings)");
      } else if (!registriesNode.isObject() || registriesNode.isEmpty()) {
        problems.add(
            "registries: must be a non-empty mapping of registry name to its settings, got "
                + kind(registriesNode));
      } else {
        registriesNode
            .properties()
            .forEach(
                e -> {
                  RegistryConfig registry = registry(e.getKey(), e.getValue());
                  if (registry != null) {
                    registries.put(e.getKey(), registry);
                  }
                });
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new SyncConfig(source, registries);
    }

    private RegistryConfig registry(String name, JsonNode node) {
      String path = "registries." + name;
      if (!REGISTRY_NAME.matcher(name).matches()) {
        problems.add(
            path
                + ": registry name must start with a letter and hold only letters, digits, '_'"
                + " and '-', at most 63 characters");
      }
      if (!node.isObject()) {
        problems.add(path + ": must be a mapping of settings (schema, key, endpoints...)");
        return null;
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String setting = names.next();
        if (!REGISTRY_SETTINGS.contains(setting)) {
          problems.add(path + "." + setting + ": unknown setting");
        }
      }

      String schema =
          requiredString(node, "schema", path, "a file path, an http(s) URL or chitty:<name>");
      if (schema != null) {
        try {
          SchemaReference.parse(schema);
        } catch (IllegalArgumentException e) {
          problems.add(path + ".schema: " + e.getMessage());
          schema = null;
        }
      }
      String key = requiredString(node, "key", path, "the canonical key field");
      if (key != null && !FIELD_NAME.matcher(key).matches()) {
        problems.add(
            path
                + ".key: must be a field name (letters, digits and '_', not starting with a"
                + " digit), got '"
                + key
                + "'");
        key = null;
      }
      int before = problems.size();
      Conflict conflict =
          choice(
              node, "conflict", path, Conflict.values(), Conflict::wire, Conflict.LAST_WRITE_WINS);
      boolean conflictValid = problems.size() == before;
      Deletes deletes =
          choice(node, "deletes", path, Deletes.values(), Deletes::wire, Deletes.PROPAGATE);
      double deleteGuard = deleteGuard(node, path);
      Optional<String> schedule = schedule(node, path);
      AuditDetail audit;
      AuditKeys auditKeys = AuditKeys.CLEAR;
      JsonNode auditNode = node.get("audit");
      if (auditNode != null && auditNode.isObject()) {
        String auditPath = path + ".audit";
        for (Map.Entry<String, JsonNode> entry : auditNode.properties()) {
          String setting = entry.getKey();
          if (!setting.equals("mode") && !setting.equals("keys")) {
            problems.add(
                auditPath + "." + setting + ": unknown setting; the settings are mode and keys");
          }
        }
        audit =
            choice(
                auditNode,
                "mode",
                auditPath,
                AuditDetail.values(),
                AuditDetail::wire,
                AuditDetail.HASHES);
        auditKeys =
            choice(
                auditNode, "keys", auditPath, AuditKeys.values(), AuditKeys::wire, AuditKeys.CLEAR);
        if (audit == AuditDetail.VALUES && auditKeys == AuditKeys.COMMIT) {
          // The key field is one of the values a values-mode entry publishes.
          problems.add(
              auditPath
                  + ".keys: commit needs mode: hashes; mode: values publishes the key field's"
                  + " value with the others");
        }
      } else {
        audit =
            choice(
                node, "audit", path, AuditDetail.values(), AuditDetail::wire, AuditDetail.HASHES);
      }

      Map<String, EndpointConfig> endpoints = new LinkedHashMap<>();
      Set<String> endpointNames = null;
      JsonNode endpointsNode = node.get("endpoints");
      if (absent(endpointsNode)) {
        problems.add(path + ".endpoints: required (a mapping of endpoint name to its settings)");
      } else if (!endpointsNode.isObject() || endpointsNode.isEmpty()) {
        problems.add(
            path
                + ".endpoints: must be a non-empty mapping of endpoint name to its settings, got "
                + kind(endpointsNode));
      } else {
        endpointNames = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : endpointsNode.properties()) {
          endpointNames.add(e.getKey());
          EndpointConfig endpoint = endpoint(path, e.getKey(), e.getValue(), key);
          if (endpoint != null) {
            endpoints.put(e.getKey(), endpoint);
          }
        }
      }

      List<String> priority =
          conflictValid ? priority(node, path, conflict, endpointNames) : List.of();

      RegistryConfig registry =
          new RegistryConfig(
              name,
              schema == null ? "" : schema,
              key == null ? "" : key,
              conflict,
              priority,
              deletes,
              deleteGuard,
              schedule,
              audit,
              auditKeys,
              endpoints);
      for (EndpointConfig endpoint : endpoints.values()) {
        EndpointType type = types.get(endpoint.type());
        if (type == null) {
          continue; // already reported
        }
        try {
          List<String> found = type.validate(endpoint, registry);
          if (found != null) {
            problems.addAll(found);
          }
        } catch (RuntimeException e) {
          problems.add(
              endpoint.path()
                  + ": the "
                  + endpoint.type()
                  + " endpoint type could not check these settings: "
                  + e);
        }
      }
      return registry;
    }

    private EndpointConfig endpoint(String registryPath, String name, JsonNode node, String key) {
      String path = registryPath + ".endpoints." + name;
      if (name.isBlank()) {
        problems.add(path + ": endpoint names must not be empty");
      }
      if (!node.isObject()) {
        problems.add(path + ": must be a mapping of settings (type, fields...), got " + kind(node));
        return null;
      }
      String known = knownTypes();
      String type = "";
      JsonNode typeNode = node.get("type");
      if (absent(typeNode)) {
        problems.add(path + ".type: required; known types: " + known);
      } else if (!typeNode.isTextual()) {
        problems.add(
            path
                + ".type: must be an endpoint type name, got "
                + show(typeNode)
                + "; known types: "
                + known);
      } else {
        type = typeNode.asText();
        if (!types.containsKey(type)) {
          problems.add(path + ".type: unknown endpoint type '" + type + "'; known types: " + known);
        }
      }

      Map<String, String> fields = new LinkedHashMap<>();
      JsonNode fieldsNode = node.get("fields");
      if (absent(fieldsNode)) {
        problems.add(
            path
                + ".fields: required (a mapping of canonical field name to the endpoint's name"
                + " for it)");
      } else if (!fieldsNode.isObject() || fieldsNode.isEmpty()) {
        problems.add(
            path
                + ".fields: must be a non-empty mapping of canonical field name to the endpoint's"
                + " name for it, got "
                + kind(fieldsNode));
      } else {
        Map<String, String> canonicalOf = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : fieldsNode.properties()) {
          String canonical = e.getKey();
          String fieldPath = path + ".fields." + canonical;
          JsonNode value = e.getValue();
          boolean ok = true;
          if (!FIELD_NAME.matcher(canonical).matches()) {
            problems.add(
                fieldPath
                    + ": canonical field names hold only letters, digits and '_' and do not start"
                    + " with a digit");
            ok = false;
          }
          if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(
                fieldPath
                    + ": must be a non-empty string (the endpoint's name for the field), got "
                    + show(value));
            ok = false;
          } else {
            String nativeName = value.asText();
            String other = canonicalOf.putIfAbsent(nativeName, canonical);
            if (other != null) {
              problems.add(
                  fieldPath + ": '" + nativeName + "' is already mapped from '" + other + "'");
              ok = false;
            }
          }
          if (ok) {
            fields.put(canonical, value.asText());
          }
        }
        if (key != null && !fieldsNode.has(key)) {
          problems.add(path + ".fields: must map the key field '" + key + "'");
        }
      }

      ObjectNode settings = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              e -> {
                if (!e.getKey().equals("type") && !e.getKey().equals("fields")) {
                  settings.set(e.getKey(), e.getValue());
                }
              });
      return new EndpointConfig(name, type, fields, settings, path);
    }

    private List<String> priority(
        JsonNode node, String path, Conflict conflict, Set<String> endpointNames) {
      JsonNode priorityNode = node.get("priority");
      String at = path + ".priority";
      // Last-write-wins takes it as the order for changes it cannot date (see Merger).
      boolean optional = conflict == Conflict.LAST_WRITE_WINS;
      if (conflict != Conflict.SOURCE_PRIORITY && !optional) {
        if (!absent(priorityNode)) {
          problems.add(
              at
                  + ": only allowed when conflict is source-priority or last-write-wins (conflict is "
                  + conflict.wire()
                  + ")");
        }
        return List.of();
      }
      if (optional && absent(priorityNode)) {
        return List.of();
      }
      if (absent(priorityNode)) {
        problems.add(
            at + ": required when conflict is source-priority (endpoint names, highest first)");
        return List.of();
      }
      if (!priorityNode.isArray() || priorityNode.isEmpty()) {
        problems.add(
            at
                + ": must be a non-empty list of endpoint names, highest priority first, got "
                + kind(priorityNode));
        return List.of();
      }
      List<String> priority = new ArrayList<>();
      for (int i = 0; i < priorityNode.size(); i++) {
        JsonNode item = priorityNode.get(i);
        String itemPath = at + "[" + i + "]";
        if (!item.isTextual()) {
          problems.add(itemPath + ": must be an endpoint name, got " + show(item));
        } else if (endpointNames != null && !endpointNames.contains(item.asText())) {
          problems.add(
              itemPath
                  + ": unknown endpoint '"
                  + item.asText()
                  + "'; endpoints: "
                  + String.join(", ", endpointNames));
        } else if (priority.contains(item.asText())) {
          problems.add(itemPath + ": '" + item.asText() + "' is listed twice");
        } else {
          priority.add(item.asText());
        }
      }
      return priority;
    }

    private double deleteGuard(JsonNode node, String path) {
      JsonNode value = node.get("delete_guard");
      if (absent(value)) {
        return DEFAULT_DELETE_GUARD;
      }
      if (value.isNumber()) {
        double guard = value.doubleValue();
        if (guard >= 0 && guard <= 1) {
          return guard;
        }
      }
      problems.add(
          path
              + ".delete_guard: must be a number between 0 and 1 (a share of known records), got "
              + show(value));
      return DEFAULT_DELETE_GUARD;
    }

    private Optional<String> schedule(JsonNode node, String path) {
      JsonNode value = node.get("schedule");
      if (absent(value)) {
        return Optional.empty();
      }
      if (!value.isTextual()) {
        problems.add(
            path
                + ".schedule: must be rate(N minute|minutes|hour|hours|day|days) or cron(...),"
                + " got "
                + show(value));
        return Optional.empty();
      }
      Optional<String> problem = ScheduleExpressions.problem(value.asText());
      if (problem.isPresent()) {
        problems.add(path + ".schedule: " + problem.get());
        return Optional.empty();
      }
      return Optional.of(value.asText());
    }

    private String requiredString(JsonNode node, String field, String path, String what) {
      JsonNode value = node.get(field);
      if (absent(value)) {
        problems.add(path + "." + field + ": required (" + what + ")");
        return null;
      }
      if (!value.isTextual() || value.asText().isBlank()) {
        problems.add(
            path + "." + field + ": must be a non-empty string (" + what + "), got " + show(value));
        return null;
      }
      return value.asText();
    }

    private <E extends Enum<E>> E choice(
        JsonNode node,
        String field,
        String path,
        E[] values,
        Function<E, String> wire,
        E fallback) {
      JsonNode value = node.get(field);
      if (absent(value)) {
        return fallback;
      }
      if (value.isTextual()) {
        for (E e : values) {
          if (wire.apply(e).equals(value.asText())) {
            return e;
          }
        }
      }
      problems.add(
          path
              + "."
              + field
              + ": must be one of "
              + Arrays.stream(values).map(wire).collect(Collectors.joining(", "))
              + ", got "
              + show(value));
      return fallback;
    }

    private String knownTypes() {
      return types.isEmpty()
          ? "(none registered)"
          : String.join(", ", new TreeSet<>(types.keySet()));
    }
  }

  /** Absent, or written with no value ({@code key:} or {@code key: null}). */
  private static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** A value for a message: strings quoted, others as JSON. */
  private static String show(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isContainerNode()) {
      return kind(value);
    }
    return value.toString();
  }

  private static String kind(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case OBJECT -> value.isEmpty() ? "an empty mapping" : "a mapping";
      case ARRAY -> value.isEmpty() ? "an empty list" : "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String at(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * What the parser said, without SnakeYAML's source excerpts: its unindented lines (context and
   * problem), joined.
   */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String described =
        message
            .lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    if (described.isEmpty()) {
      return message.strip();
    }
    return described.startsWith("Duplicate field ")
        ? "duplicate key " + described.substring("Duplicate field ".length())
        : described;
  }
}
