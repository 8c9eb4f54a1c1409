package com.chittysync.cli;

import com.chittysync.core.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every function of the bundle, by name. Kept equal to {@code template.yaml} by a test. */
public final class FunctionCatalog {
  private static final Map<String, FunctionSpec> FUNCTIONS = new LinkedHashMap<>();

  static {
    add(
        new FunctionSpec(
            "health", "com.chittysync.functions.health.HealthHandler", List.of("GET /health")));
    add(
        new FunctionSpec(
            "api",
            "com.chittysync.functions.api.ApiHandler",
            List.of(
                "GET /oauth/notion/start",
                "GET /oauth/notion/callback",
                "GET /v1/audit/checkpoint",
                "GET /v1/audit/checkpoints",
                "GET /v1/audit/entries",
                "GET /v1/audit/proof",
                "GET /v1/audit/consistency",
                "POST /v1/registries/{name}/records"),
            // The log's entries and proofs: the latest checkpoint stays open, for witnesses.
            List.of(
                "GET /v1/audit/checkpoints",
                "GET /v1/audit/entries",
                "GET /v1/audit/proof",
                "GET /v1/audit/consistency")));
    // GET /login/local (a local sign-in without an identity provider) is not here: the template
    // leaves it out, and `serve` adds it for local runs only.
    add(
        new FunctionSpec(
            "dashboard",
            "com.chittysync.functions.dashboard.DashboardHandler",
            List.of(
                "GET /",
                "GET /registries/{proxy+}",
                "POST /registries/{proxy+}",
                "GET /audit",
                "GET /audit/{proxy+}",
                "GET /login",
                "GET /login/callback",
                "POST /logout",
                "GET /assets/{proxy+}")));
    add(
        new FunctionSpec(
            "webhook",
            "com.chittysync.functions.webhook.WebhookHandler",
            List.of("POST /webhooks/notion")));
    // The pipeline's functions: EventBridge invokes them, `invoke` runs them by hand.
    add(
        new FunctionSpec(
            "schedule", "com.chittysync.functions.schedule.ScheduleHandler", List.of()));
    add(new FunctionSpec("diff", "com.chittysync.functions.diff.DiffHandler", List.of()));
    add(new FunctionSpec("apply", "com.chittysync.functions.apply.ApplyHandler", List.of()));
  }

  private FunctionCatalog() {}

  private static void add(FunctionSpec spec) {
    FUNCTIONS.put(spec.name(), spec);
  }

  /** All functions, in a stable order. */
  public static List<FunctionSpec> all() {
    return List.copyOf(FUNCTIONS.values());
  }

  /**
   * The function called {@code name}.
   *
   * @throws ConfigException listing the known names when there is none
   */
  public static FunctionSpec get(String name) {
    FunctionSpec spec = FUNCTIONS.get(name);
    if (spec == null) {
      throw new ConfigException(
          "unknown function '"
              + name
              + "'; known functions: "
              + String.join(", ", FUNCTIONS.keySet()));
    }
    return spec;
  }
}
