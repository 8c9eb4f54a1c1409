package com.chittysync.sheets;

import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointSecrets;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.RequestBudget;
import com.chittysync.connect.SchemaLookup;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.config.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code type: sheets}: a registry kept in one tab of a Google Sheet.
 *
 * <pre>{@code
 * endpoints:
 *   sheet:
 *     type: sheets
 *     spreadsheet_id: 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms
 *     sheet: People                 # the tab's title
 *     header_row: 1                 # optional
 *     fields: {person_id: "Person ID", full_name: Name, born: Born}
 *     credentials: secretsmanager:chittysync/google#key   # optional; default GOOGLE_SERVICE_ACCOUNT
 *     max_retries: 6                # optional
 * }</pre>
 *
 * <p>The API's root URL is {@code SHEETS_API_ROOT_URL} (default {@code
 * https://sheets.googleapis.com/}); access tokens come from the key's own {@code token_uri}. So the
 * same code talks to Google or to the emulator.
 */
public final class SheetsEndpointType implements EndpointType {
  /** The {@code type:} value. */
  public static final String TYPE = "sheets";

  /** The service account's key: its JSON, a path to it, or a {@code secretsmanager:} reference. */
  public static final String CREDENTIALS_ENV = "GOOGLE_SERVICE_ACCOUNT";

  /** The API's root URL. */
  public static final String ROOT_URL_ENV = "SHEETS_API_ROOT_URL";

  /** Google's. */
  public static final String DEFAULT_ROOT_URL = "https://sheets.googleapis.com/";

  /**
   * Prefix of a service account's request budget key, before its {@code client_email}: Google's
   * quota is per user, and a service account is one user.
   */
  static final String BUDGET_PREFIX = "sheets:";

  private final SecretResolver secrets;
  private final Backoff backoff;

  /**
   * A type that resolves {@code secretsmanager:} credentials with {@code secrets} (may be null).
   */
  public SheetsEndpointType(SecretResolver secrets) {
    this(secrets, Backoff.STANDARD);
  }

  /** With {@code backoff} between retries: tests wait milliseconds, not seconds. */
  SheetsEndpointType(SecretResolver secrets, Backoff backoff) {
    this.secrets = secrets;
    this.backoff = backoff;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    List<String> problems = new ArrayList<>();
    SheetsSettings.parse(config, registry, problems);
    return problems;
  }

  @Override
  public SheetsEndpoint open(
      EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    List<String> problems = new ArrayList<>();
    SheetsSettings settings =
        SheetsSettings.parse(config, registry, problems)
            .orElseThrow(() -> new ConfigException(problems));
    ServiceAccountKey key = key(settings, context.env());
    String root = rootUrl(context.env());
    RequestBudget budget =
        context
            .budgets()
            .forKey(BUDGET_PREFIX + key.clientEmail(), settings.requestsPerMinute() / 60);
    SheetsClient client = SheetsClient.open(root, key, settings, backoff, budget);
    return new SheetsEndpoint(
        settings,
        client,
        () -> types(settings, registry, context),
        backoff,
        () -> UUID.randomUUID().toString(),
        unmapped(settings, registry));
  }

  /** Canonical fields that other endpoints of {@code registry} map and this one does not. */
  static Set<String> unmapped(SheetsSettings settings, RegistryConfig registry) {
    Set<String> fields = new TreeSet<>();
    for (EndpointConfig endpoint : registry.endpoints().values()) {
      fields.addAll(endpoint.fields().keySet());
    }
    fields.removeAll(settings.headers().keySet());
    fields.remove(settings.keyField());
    return fields;
  }

  /** {@code SHEETS_API_ROOT_URL}, checked, with the trailing slash the client expects. */
  static String rootUrl(Environment env) {
    String root = env.get(ROOT_URL_ENV, DEFAULT_ROOT_URL).trim();
    String lower = root.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new ConfigException(ROOT_URL_ENV + ": must be an http(s) URL, got '" + root + "'");
    }
    return root.endsWith("/") ? root : root + "/";
  }

  private ServiceAccountKey key(SheetsSettings settings, Environment env) {
    if (settings.credentials().isPresent()) {
      String where = settings.path() + ".credentials";
      String value = settings.credentials().get();
      String label =
          EndpointSecrets.reference(where, value).map(r -> where + " (" + r + ")").orElse(where);
      return ServiceAccountKey.load(
          Secret.of(EndpointSecrets.resolve(where, value, secrets)), label);
    }
    Secret value =
        env.secret(CREDENTIALS_ENV)
            .filter(s -> !s.isEmpty())
            .orElseThrow(
                () ->
                    new ConfigException(
                        settings.path()
                            + ".credentials: no service account: set "
                            + CREDENTIALS_ENV
                            + " (the key's JSON, a path to it, or a secretsmanager: reference) or"
                            + " the endpoint's credentials"));
    return ServiceAccountKey.load(value, CREDENTIALS_ENV);
  }

  /**
   * The types of the mapped fields, from the registry's schema as the engine loads it (the
   * connector does not resolve schema references itself).
   */
  private static SchemaTypes types(
      SheetsSettings settings, RegistryConfig registry, EndpointContext context) {
    String where = "registries." + registry.name() + ".schema";
    SchemaLookup schemas =
        context
            .schemas()
            .orElseThrow(
                () ->
                    new ConfigException(
                        where
                            + ": the sheets endpoint "
                            + settings.path()
                            + " types its cells by the registry's schema, and it was opened"
                            + " without one"));
    return SchemaTypes.of(
        schemas.schemaOf(registry), where, registry.key(), settings.headers().keySet());
  }
}
