package com.chittysync.sync.schema;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where schemas may come from and how much of them is read: a schema is configuration, but a URL or
 * a path in a config file must not turn the engine into a reader of anything it can reach.
 *
 * @param maxBytes the largest schema read, from a file or a URL ({@value #MAX_BYTES} by default)
 * @param hosts the hosts URL schemas may come from ({@code host} or {@code host:port}, lower-case),
 *     or empty for any host
 * @param anyPath whether a schema file may lie outside the config file's directory
 */
public record SchemaFetchPolicy(long maxBytes, Set<String> hosts, boolean anyPath) {
  /** The largest schema read, in bytes, unless {@value #MAX_BYTES_SETTING} says otherwise. */
  public static final long MAX_BYTES = 1 << 20;

  public static final String MAX_BYTES_SETTING = "CHITTYSYNC_SCHEMA_MAX_BYTES";
  public static final String HOSTS_SETTING = "CHITTYSYNC_SCHEMA_HOSTS";
  public static final String ANY_PATH_SETTING = "CHITTYSYNC_SCHEMA_ANY_PATH";

  public SchemaFetchPolicy {
    hosts = Set.copyOf(hosts);
  }

  /** The defaults: 1 MiB, any host, files under the config's directory only. */
  public static SchemaFetchPolicy defaults() {
    return new SchemaFetchPolicy(MAX_BYTES, Set.of(), false);
  }

  /**
   * The policy {@code env} sets.
   *
   * @throws ConfigException naming every setting that is not valid
   */
  public static SchemaFetchPolicy from(Environment env) {
    List<String> problems = new ArrayList<>();
    long maxBytes = MAX_BYTES;
    Optional<String> max = env.get(MAX_BYTES_SETTING);
    if (max.isPresent()) {
      try {
        maxBytes = Long.parseLong(max.get().strip());
        if (maxBytes < 1024 || maxBytes > 64L << 20) {
          problems.add(MAX_BYTES_SETTING + ": must be between 1024 and 67108864 bytes");
        }
      } catch (NumberFormatException e) {
        problems.add(MAX_BYTES_SETTING + ": must be a number of bytes");
      }
    }
    Set<String> hosts = new TreeSet<>();
    for (String host : env.get(HOSTS_SETTING).orElse("").split(",")) {
      String h = host.strip().toLowerCase(Locale.ROOT);
      if (h.isEmpty()) {
        continue;
      }
      if (!h.matches("[a-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9a-f:.]{2,45}](:[0-9]{1,5})?")) {
        problems.add(HOSTS_SETTING + ": '" + h + "' is not a host or host:port");
      }
      hosts.add(h);
    }
    String anyPath = env.get(ANY_PATH_SETTING, "false").strip().toLowerCase(Locale.ROOT);
    if (!anyPath.equals("true") && !anyPath.equals("false")) {
      problems.add(ANY_PATH_SETTING + ": must be true or false");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SchemaFetchPolicy(maxBytes, hosts, anyPath.equals("true"));
  }

  /** Whether a URL schema may be fetched from {@code uri}'s host. */
  public boolean allows(URI uri) {
    if (hosts.isEmpty()) {
      return true;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return hosts.contains(host)
        || (uri.getPort() >= 0 && hosts.contains(host + ":" + uri.getPort()));
  }
}
