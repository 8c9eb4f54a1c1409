package com.chittysync.sync.config;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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

  private ConfigLoader() {}

  /**
   * Reads and validates {@code file}.
   *
   * @param types the endpoint types by {@code type:} name
   * @throws ConfigException listing every problem, or saying the file is missing or unreadable
   */
  public static SyncConfig load(Path file, Map<String, EndpointType> types) {
    return parse(file, ConfigFile.read(file), types);
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
    return parse(file, ConfigFile.readVerified(file, env), types);
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
    ConfigFile.checkSize(yaml, source);
    return new RegistryRules(source, types).config(ConfigFile.mapping(yaml, source));
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

  private static SyncConfig parse(Path file, byte[] bytes, Map<String, EndpointType> types) {
    return parse(ConfigFile.text(file, bytes), file, types);
  }
}
