package com.chittysync.sync.config;

import static com.chittysync.sync.config.ConfigValues.absent;
import static com.chittysync.sync.config.ConfigValues.kind;
import static com.chittysync.sync.config.ConfigValues.show;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.RegistryConfig.AuditDetail;
import com.chittysync.connect.config.RegistryConfig.AuditKeys;
import com.chittysync.connect.config.RegistryConfig.Conflict;
import com.chittysync.connect.config.RegistryConfig.Deletes;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.sync.schema.SchemaReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of the config's mapping and of each registry's settings: names, key, conflict strategy
 * and priority, deletes and their guard, schedule, audit; each endpoint's settings go to {@link
 * EndpointRules}. One instance is one parse: every problem found is collected, and all are reported
 * together.
 */
final class RegistryRules {
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

  private final Path source;
  private final List<String> problems = new ArrayList<>();
  private final EndpointRules endpointRules;

  RegistryRules(Path source, Map<String, EndpointType> types) {
    this.source = source;
    this.endpointRules = new EndpointRules(types, problems);
  }

  /**
   * The config the mapping {@code root} holds.
   *
   * @throws ConfigException listing every problem
   */
  SyncConfig config(JsonNode root) {
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

  /** Registry {@code name}; null when its settings are not a mapping. */
  private RegistryConfig registry(String name, JsonNode node) {
    String path = "registries." + name;
    if (!ConfigLoader.REGISTRY_NAME.matcher(name).matches()) {
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
    if (key != null && !ConfigLoader.FIELD_NAME.matcher(key).matches()) {
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
        choice(node, "conflict", path, Conflict.values(), Conflict::wire, Conflict.LAST_WRITE_WINS);
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
          choice(node, "audit", path, AuditDetail.values(), AuditDetail::wire, AuditDetail.HASHES);
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
        EndpointConfig endpoint = endpointRules.endpoint(path, e.getKey(), e.getValue(), key);
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
    endpointRules.validateTypes(registry);
    return registry;
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
      return ConfigLoader.DEFAULT_DELETE_GUARD;
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
    return ConfigLoader.DEFAULT_DELETE_GUARD;
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
      JsonNode node, String field, String path, E[] values, Function<E, String> wire, E fallback) {
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
}
