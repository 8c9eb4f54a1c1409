package com.chittysync.connect.settings;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settings an endpoint type understands, declared once (in the manner of Kafka's {@code
 * ConfigDef}): parses an endpoint's settings against them, reporting every problem with its config
 * path, and renders their documentation.
 *
 * <p>Settings are checked in the order declared, so problems come in that order; the documentation
 * and the list of expected names follow {@link Builder#documentOrder} when given.
 */
public final class SettingsDef {
  /** Every endpoint's settings hold its {@code type}, which the engine reads, not the type. */
  private static final String TYPE = "type";

  private final String endpointType;
  private final List<Setting<?>> settings;
  private final List<AnyOf> anyOfs;
  private final List<String> documentOrder;

  private SettingsDef(Builder builder) {
    this.endpointType = builder.endpointType;
    this.settings = List.copyOf(builder.settings.values());
    this.anyOfs = List.copyOf(builder.anyOfs);
    this.documentOrder =
        builder.documentOrder.isEmpty()
            ? settings.stream().map(Setting::name).toList()
            : List.copyOf(builder.documentOrder);
  }

  /** Declares the settings of endpoints of {@code endpointType} ({@code postgres}...). */
  public static Builder builder(String endpointType) {
    return new Builder(endpointType);
  }

  /** The declared settings, in documentation order. */
  public List<Setting<?>> settings() {
    Map<String, Setting<?>> byName = new HashMap<>();
    settings.forEach(s -> byName.put(s.name(), s));
    return documentOrder.stream().map(byName::get).toList();
  }

  /**
   * Reads {@code config}'s settings, adding every problem to {@code problems}: settings not
   * declared, required ones missing, values not of their type or refused by a validator.
   *
   * @return the settings, or empty when {@code problems} got any
   */
  public Optional<Settings> parse(
      EndpointConfig config, RegistryConfig registry, List<String> problems) {
    int before = problems.size();
    String path = config.path();
    JsonNode node = config.settings();
    boolean mapping = node != null && node.isObject();
    if (node != null && !node.isNull() && !node.isMissingNode() && !mapping) {
      problems.add(path + ": must be a mapping of settings");
    }
    if (mapping) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!key.equals(TYPE) && settings.stream().noneMatch(s -> s.name().equals(key))) {
          problems.add(path + "." + key + ": " + unknown());
        }
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Boolean> given = new HashMap<>();
    for (Setting<?> setting : settings) {
      given.put(setting.name(), read(setting, config, registry, mapping, problems, values));
      for (AnyOf anyOf : anyOfs) {
        if (anyOf.after().equals(setting.name())
            && anyOf.names().stream().noneMatch(n -> given.getOrDefault(n, false))) {
          problems.add(path + "." + anyOf.names().get(0) + ": " + anyOf.message());
        }
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Settings(path, values));
  }

  /**
   * A Markdown table of the settings: name, type, required or default, and doc line. The {@code
   * type} setting every endpoint has is not listed.
   */
  public String documentation() {
    StringBuilder table = new StringBuilder();
    table.append("| Setting | Type | Default | Description |\n");
    table.append("|---|---|---|---|\n");
    for (Setting<?> s : settings()) {
      String fallback =
          s.required().isPresent()
              ? "required"
              : s.defaultValue().map(v -> "`" + v + "`").orElse("optional");
      table
          .append("| `")
          .append(s.name())
          .append("` | ")
          .append(s.type().name())
          .append(" | ")
          .append(fallback)
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  /** {@code unknown setting for a <type> endpoint; expected a, b or c}. */
  private String unknown() {
    String expected;
    if (documentOrder.size() == 1) {
      expected = documentOrder.get(0);
    } else {
      expected =
          String.join(", ", documentOrder.subList(0, documentOrder.size() - 1))
              + " or "
              + documentOrder.get(documentOrder.size() - 1);
    }
    return "unknown setting for a " + endpointType + " endpoint; expected " + expected;
  }

  /**
   * Reads one setting into {@code values}.
   *
   * @return whether it was given
   */
  private static <T> boolean read(
      Setting<T> setting,
      EndpointConfig config,
      RegistryConfig registry,
      boolean mapping,
      List<String> problems,
      Map<String, Object> values) {
    JsonNode raw = null;
    T value;
    if (setting.type().fieldMapping()) {
      @SuppressWarnings("unchecked") // FIELDS is the one field-mapping type
      T fields = (T) config.fields();
      value = config.fields().isEmpty() ? null : fields;
    } else {
      raw = mapping ? config.settings().get(setting.name()) : null;
      value = null;
    }
    Check check = new Check(setting, raw, config, registry, problems);
    if (value == null && (raw == null || raw.isNull())) {
      setting.required().ifPresent(check::fail);
      setting.defaultValue().ifPresent(v -> values.put(setting.name(), v));
      return false;
    }
    if (value == null) {
      Optional<T> read = setting.type().read().apply(raw);
      if (read.isEmpty()) {
        check.invalid();
        return true;
      }
      value = read.get();
    }
    for (Validator<T> validator : setting.validators()) {
      validator.check(value, check);
      if (check.failed()) {
        return true;
      }
    }
    values.put(setting.name(), value);
    return true;
  }

  /** Declares an endpoint type's settings. */
  public static final class Builder {
    private final String endpointType;
    private final Map<String, Setting<?>> settings = new LinkedHashMap<>();
    private final List<AnyOf> anyOfs = new ArrayList<>();
    private List<String> documentOrder = List.of();

    private Builder(String endpointType) {
      this.endpointType = endpointType;
    }

    /**
     * Declares {@code setting}; settings are checked in the order declared.
     *
     * @throws IllegalArgumentException when a setting of that name is already declared
     */
    public Builder define(Setting<?> setting) {
      if (setting.name().equals(TYPE) || settings.putIfAbsent(setting.name(), setting) != null) {
        throw new IllegalArgumentException("setting " + setting.name() + " already declared");
      }
      return this;
    }

    /**
     * At least one of {@code settings} must be given; else {@code message} is reported on the
     * first, once the last of them is checked.
     */
    public Builder requireAnyOf(String message, Setting<?>... settings) {
      List<String> names = Arrays.stream(settings).map(Setting::name).toList();
      for (String name : names) {
        if (!this.settings.containsKey(name)) {
          throw new IllegalArgumentException("setting " + name + " not declared yet");
        }
      }
      String last =
          this.settings.keySet().stream().filter(names::contains).reduce((a, b) -> b).orElseThrow();
      anyOfs.add(new AnyOf(names, message, last));
      return this;
    }

    /**
     * The order of the settings in the documentation and in the "expected" list of an unknown
     * setting, when it is not the order they are checked in.
     */
    public Builder documentOrder(String... names) {
      this.documentOrder = List.of(names);
      return this;
    }

    /**
     * The definition.
     *
     * @throws IllegalArgumentException when {@link #documentOrder} does not name each setting once
     */
    public SettingsDef build() {
      if (!documentOrder.isEmpty()
          && !documentOrder.stream()
              .sorted()
              .collect(Collectors.toList())
              .equals(settings.keySet().stream().sorted().collect(Collectors.toList()))) {
        throw new IllegalArgumentException(
            "documentOrder " + documentOrder + " must name each of " + settings.keySet() + " once");
      }
      return new SettingsDef(this);
    }
  }

  /** A requirement that one of several settings be given. */
  private record AnyOf(List<String> names, String message, String after) {
    AnyOf {
      names = Collections.unmodifiableList(new ArrayList<>(names));
    }
  }
}
