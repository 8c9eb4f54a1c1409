package com.chittysync.store;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Secret;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PostgreSQL connection address parsed from either the libpq/Neon form ({@code
 * postgres://user:pass@host/db?sslmode=require}) or the JDBC form ({@code
 * jdbc:postgresql://host:5432/db?user=...}).
 *
 * <p>The password is held as a {@link Secret} and never appears in {@link #toString()}, {@link
 * #describe()} or {@link #jdbcUrl()}.
 *
 * @param hosts {@code host[:port]} as given; several comma-separated for multi-host JDBC URLs
 * @param database the database name
 * @param user the user name, if any
 * @param password the password, if any
 * @param params the remaining query parameters, translated to pgjdbc's names
 */
public record DatabaseUrl(
    String hosts,
    String database,
    Optional<String> user,
    Optional<Secret> password,
    Map<String, String> params) {

  /**
   * Parameters every runtime connection gets unless the URL says otherwise. Named server-side
   * prepared statements are session state, which a transaction-mode pooler (Neon's pooled endpoint,
   * PgBouncer) does not preserve, so they are off; the timeouts keep an unreachable server from
   * hanging a Lambda invocation.
   */
  static final Map<String, String> RUNTIME_DEFAULTS =
      Map.of(
          "prepareThreshold", "0",
          "ApplicationName", "chittysync",
          "tcpKeepAlive", "true");

  public DatabaseUrl {
    params = Map.copyOf(params);
  }

  /**
   * Parses {@code value}, the content of setting {@code setting}.
   *
   * @throws ConfigException naming {@code setting} when the value is not a PostgreSQL URL; the
   *     message never repeats the value, which may hold a password
   */
  public static DatabaseUrl parse(String setting, String value) {
    String v = value.trim();
    String rest;
    if (v.startsWith("jdbc:postgresql://")) {
      rest = v.substring("jdbc:postgresql://".length());
    } else if (v.startsWith("postgres://")) {
      rest = v.substring("postgres://".length());
    } else if (v.startsWith("postgresql://")) {
      rest = v.substring("postgresql://".length());
    } else {
      int colon = v.indexOf(':');
      String scheme = colon > 0 && colon < 20 ? v.substring(0, colon) : "(none)";
      throw new ConfigException(
          setting
              + ": unsupported URL scheme '"
              + scheme
              + "'; expected postgres://, postgresql:// or jdbc:postgresql://");
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String userInfo = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
    String database = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
    if (hosts.isEmpty()) {
      throw new ConfigException(setting + ": the URL names no host");
    }
    if (database.isEmpty()) {
      throw new ConfigException(setting + ": the URL names no database (add /<database>)");
    }
    if (database.contains("/")) {
      throw new ConfigException(setting + ": the database name must not contain '/'");
    }
    for (String host : hosts.split(",")) {
      validateHost(setting, host);
    }

    String user = null;
    String password = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
      password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String val = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
      switch (key) {
        case "user" -> user = val;
        case "password" -> password = val;
        // libpq spells it channel_binding; pgjdbc, channelBinding.
        case "channel_binding" -> params.put("channelBinding", val);
        case "application_name" -> params.put("ApplicationName", val);
        case "connect_timeout" -> params.put("connectTimeout", val);
        default -> params.put(key, val);
      }
    }
    return new DatabaseUrl(
        hosts,
        database,
        Optional.ofNullable(user).filter(s -> !s.isEmpty()),
        Optional.ofNullable(password).map(Secret::of),
        params);
  }

  private static void validateHost(String setting, String host) {
    String h = host;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        throw new ConfigException(setting + ": malformed IPv6 host");
      }
      h = h.substring(close + 1);
      if (h.isEmpty()) {
        return;
      }
      if (!h.startsWith(":")) {
        throw new ConfigException(setting + ": malformed host");
      }
    } else if (h.isEmpty()) {
      throw new ConfigException(setting + ": empty host");
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      String port = h.substring(colon + 1);
      try {
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(setting + ": port must be a number from 1 to 65535");
      }
    }
  }

  /** This address with {@code defaults} added for every parameter the URL does not set. */
  public DatabaseUrl withDefaults(Map<String, String> defaults) {
    Map<String, String> merged = new LinkedHashMap<>(defaults);
    merged.putAll(params);
    return new DatabaseUrl(hosts, database, user, password, merged);
  }

  /**
   * This address with TLS required unless the URL chooses itself or the server is on this machine.
   * Without {@code sslmode}, the driver falls back to a cleartext connection and sends the password
   * to whatever answers, so: a URL that sets {@code sslmode} (or pgjdbc's {@code ssl}) keeps it; a
   * URL whose hosts are all local (localhost, 127.0.0.0/8, ::1, a unix socket) is left as it is;
   * any other gets {@code sslmode=verify-full} when a root certificate is known ({@code
   * sslrootcert} in the URL, else {@code rootCert}, which is then added), {@code sslmode=require}
   * otherwise.
   *
   * @param rootCert the root certificate file to verify the server with, when configured
   */
  public DatabaseUrl withTlsDefaults(Optional<String> rootCert) {
    Map<String, String> merged = new LinkedHashMap<>(params);
    rootCert.filter(s -> !s.isBlank()).ifPresent(path -> merged.putIfAbsent("sslrootcert", path));
    if (!params.containsKey("sslmode") && !params.containsKey("ssl") && !isLocal()) {
      merged.put("sslmode", merged.containsKey("sslrootcert") ? "verify-full" : "require");
    }
    return new DatabaseUrl(hosts, database, user, password, merged);
  }

  /** Whether every host of this address is on this machine: loopback or a unix socket. */
  boolean isLocal() {
    String hostParam = params.getOrDefault("host", "");
    String socketFactory = params.getOrDefault("socketFactory", "");
    if (hostParam.startsWith("/") || socketFactory.toLowerCase(Locale.ROOT).contains("unix")) {
      return true;
    }
    for (String host : hosts.split(",")) {
      if (!isLocalHost(hostOnly(decode(host)))) {
        return false;
      }
    }
    return true;
  }

  /** {@code host} without its port and, for IPv6, without its brackets. */
  private static String hostOnly(String host) {
    if (host.startsWith("[")) {
      return host.substring(1, host.indexOf(']'));
    }
    int colon = host.lastIndexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }

  private static boolean isLocalHost(String host) {
    if (host.startsWith("/") || host.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses count: a name is never resolved here, whatever it resolves to.
    if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      String[] octets = host.split("\\.");
      for (String octet : octets) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return octets[0].equals("127");
    }
    // With a colon the JDK parses an IPv6 literal or refuses it, never looking the name up.
    if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+")) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /** This address pointing at another database on the same server. */
  public DatabaseUrl withDatabase(String otherDatabase) {
    return new DatabaseUrl(hosts, otherDatabase, user, password, params);
  }

  /** The JDBC URL without credentials; pass {@link #user()} and {@link #password()} separately. */
  public String jdbcUrl() {
    String query =
        params.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return "jdbc:postgresql://"
        + hosts
        + "/"
        + encode(database)
        + (query.isEmpty() ? "" : "?" + query);
  }

  /** {@code host[:port]/database}, safe for logs and messages. */
  public String describe() {
    return hosts + "/" + database;
  }

  @Override
  public String toString() {
    return "DatabaseUrl[" + describe() + "]";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
