package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.RepoPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} against the built jars and the CLI's function catalog, both as written and
 * as the SAM translator turns it into the CloudFormation that is deployed.
 *
 * <p>The translated checks run {@code src/test/resources/template/sam_translate.py} (the SAM
 * translator that comes with cfn-lint, used offline). Like cfn-lint, it is skipped when python3 or
 * the translator is missing, unless {@code CHITTYSYNC_REQUIRE_CFN_LINT=true}.
 */
class TemplateIT {
  private static final Path ROOT = RepoPaths.root();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every function of the stack, by its short name (functions/<name>). */
  private static final Set<String> FUNCTIONS =
      Set.of("health", "api", "dashboard", "webhook", "schedule", "diff", "apply");

  /** What a role may do on "*" while tracing is active: X-Ray has no narrower resource. */
  private static final Set<String> XRAY_WRITE =
      Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

  /**
   * The metrics of the metrics contract (docs/operate.md), which the functions write as EMF lines
   * in namespace ChittySync; the CloudWatch dashboard charts each.
   */
  private static final List<String> CONTRACT_METRICS =
      List.of(
          "RunsConverged",
          "RunsAttention",
          "RunsFailed",
          "OpsApplied",
          "OpsFailed",
          "OpsStale",
          "ConflictsHeld",
          "DeletesHeld",
          "RecordsQuarantined",
          "DriftFound",
          "PlanDuration",
          "ApplyDuration",
          "RecordsPerSecond",
          "NotionRequests",
          "NotionRateLimited",
          "SheetsRequests",
          "SheetsRateLimited",
          "WebhookDeliveriesAccepted",
          "WebhookDeliveriesRefused",
          "RegistriesNotConverged",
          "SecondsSinceConverged");

  /** The functions EventBridge invokes asynchronously: each has its own dead-letter queue. */
  private static final Set<String> ASYNC_FUNCTIONS = Set.of("schedule", "diff", "apply");

  /**
   * The event sources of the functions without HTTP routes, as {@link #eventSources} words them.
   */
  private static final Map<String, Set<String>> RULES =
      Map.of(
          "schedule", Set.of("rule on the default bus: rate(1 minute)"),
          "diff",
              Set.of(
                  "rule on SyncEventBus: {\"source\":[\"chittysync\"],\"detail-type\":[\"SyncRequested\"]}"),
          "apply",
              Set.of(
                  "rule on SyncEventBus: {\"source\":[\"chittysync\"],\"detail-type\":[\"PlanReady\"]}"));

  private static JsonNode template() throws IOException {
    // CloudFormation's short-form tags (!Ref, !Sub) are ignored here: only literal properties are
    // read.
    return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
  }

  private static Map<String, JsonNode> functions(JsonNode template) {
    Map<String, JsonNode> functions = new LinkedHashMap<>();
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.put(e.getKey(), e.getValue().get("Properties"));
              }
            });
    return functions;
  }

  /** functions/<name>/target/chittysync-<name>.jar -> name. */
  private static String nameOf(String codeUri) {
    return Path.of(codeUri).getParent().getParent().getFileName().toString();
  }

  private static void assertHandlerInJar(String function, Path jar, String handler)
      throws IOException {
    assertThat(jar).as(function + " code").isRegularFile();
    String className =
        handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
    String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : null;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(className.replace('.', '/') + ".class");
      assertThat(entry)
          .as(function + " handler " + className + " in " + jar.getFileName())
          .isNotNull();
      if (method != null) {
        // A method's name is a UTF-8 constant in its class file; without it there is no method.
        byte[] bytes = zip.getInputStream(entry).readAllBytes();
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
            .as(function + " handler method " + handler)
            .contains(method);
      }
    }
  }

  @Test
  void everyHandlerNamesAClassInItsFunctionsJar() throws IOException {
    Map<String, JsonNode> functions = functions(template());
    assertThat(functions).isNotEmpty();
    for (Map.Entry<String, JsonNode> fn : functions.entrySet()) {
      assertHandlerInJar(
          fn.getKey(),
          ROOT.resolve(fn.getValue().get("CodeUri").asText()),
          fn.getValue().get("Handler").asText());
    }
  }

  /**
   * The catalog drives {@code chittysync serve} (the local gateway matches routes in catalog order,
   * as written in the template) and {@code chittysync invoke}. Every function with HTTP routes must
   * be in it with the template's routes in the template's order; a function the CLI cannot load
   * (not on its classpath) must not be.
   */
  @Test
  void catalogHasEveryHttpFunctionWithTheTemplatesRoutesInOrder() throws IOException {
    JsonNode template = template();
    assertThat(template.at("/Globals/Function/Runtime").asText()).isEqualTo("java21");
    Map<String, FunctionSpec> fromTemplate = new HashMap<>();
    for (JsonNode fn : functions(template).values()) {
      String name = nameOf(fn.get("CodeUri").asText());
      String handler = fn.get("Handler").asText();
      List<String> routes = new ArrayList<>();
      List<String> authorized = new ArrayList<>();
      fn.path("Events")
          .elements()
          .forEachRemaining(
              event -> {
                if (event.path("Type").asText().equals("HttpApi")) {
                  String route =
                      event.at("/Properties/Method").asText().toUpperCase()
                          + " "
                          + event.at("/Properties/Path").asText();
                  routes.add(route);
                  String authorizer = event.at("/Properties/Auth/Authorizer").asText("NONE");
                  if (!authorizer.isEmpty() && !authorizer.equals("NONE")) {
                    authorized.add(route);
                  }
                }
              });
      fromTemplate.put(
          name,
          new FunctionSpec(name, handler.substring(0, handler.indexOf("::")), routes, authorized));
    }
    assertThat(fromTemplate.keySet()).isEqualTo(FUNCTIONS);
    Map<String, FunctionSpec> catalog = new HashMap<>();
    FunctionCatalog.all().forEach(spec -> catalog.put(spec.name(), spec));
    for (FunctionSpec spec : catalog.values()) {
      FunctionSpec deployed = fromTemplate.get(spec.name());
      assertThat(deployed).as("template entry of " + spec.name()).isNotNull();
      assertThat(new FunctionSpec(spec.name(), spec.handlerClass(), spec.routes()))
          .as("template entry of " + spec.name())
          .isEqualTo(new FunctionSpec(deployed.name(), deployed.handlerClass(), deployed.routes()));
      // A route behind a JWT authorizer in the template is one 'serve' guards the same way. The
      // catalog may guard more: SAM cannot make a route's authorizer optional (it must work
      // without an issuer, and open with CHITTYSYNC_PUBLIC_AUDIT), so deployed, the function
      // itself refuses those routes without a token (ApiHandlerTest), and 'serve' emulates the
      // authorizer in front of them.
      assertThat(spec.authorizedRoutes())
          .as("routes of " + spec.name() + " behind an authorizer in the template")
          .containsAll(deployed.authorizedRoutes());
      try {
        Class.forName(spec.handlerClass(), false, getClass().getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(
            "the catalog lists " + spec.name() + " but the CLI cannot load " + spec.handlerClass(),
            e);
      }
    }
    for (FunctionSpec spec : fromTemplate.values()) {
      if (!spec.routes().isEmpty()) {
        assertThat(catalog)
            .as("catalog entry of HTTP function " + spec.name())
            .containsKey(spec.name());
      }
    }
  }

  @Test
  void cfnLintPasses() throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder("cfn-lint", "template.yaml")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      if (required()) {
        throw notInstalled;
      }
      Assumptions.abort("cfn-lint is not installed (pip install cfn-lint)");
      return;
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  void everyFunctionHasSampleEvents() throws IOException {
    for (JsonNode fn : functions(template()).values()) {
      String name = nameOf(fn.get("CodeUri").asText());
      Path dir = ROOT.resolve("events").resolve(name);
      assertThat(dir).isDirectory();
      try (var files = Files.list(dir)) {
        assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).as(name).isPositive();
      }
    }
  }

  // ------------------------------------------------------------------ the translated template

  private static boolean required() {
    return Boolean.parseBoolean(
        System.getenv().getOrDefault("CHITTYSYNC_REQUIRE_CFN_LINT", "false"));
  }

  private static JsonNode translated;

  /** The template as the SAM translator deploys it; skips the test when it cannot be had. */
  private static synchronized JsonNode translated() throws Exception {
    if (translated != null) {
      return translated;
    }
    Path script = ROOT.resolve("functions/cli/src/test/resources/template/sam_translate.py");
    Path stderr = Files.createTempFile("sam-translate", ".err");
    Process p;
    try {
      p =
          new ProcessBuilder("python3", script.toString(), "template.yaml")
              .directory(ROOT.toFile())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException notInstalled) {
      if (required()) {
        throw notInstalled;
      }
      Assumptions.abort("python3 is not installed");
      return null;
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(stderr);
      if (p.exitValue() == 3 && !required()) {
        Assumptions.abort(err.strip());
      }
      assertThat(p.exitValue()).as("sam_translate.py: " + err).isZero();
      translated = JSON.readTree(out);
      return translated;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  /** The translated template's resources of {@code type}, by logical id. */
  private static Map<String, JsonNode> resources(JsonNode cfn, String type) {
    Map<String, JsonNode> found = new TreeMap<>();
    cfn.get("Resources")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("Type").asText().equals(type)) {
                found.put(e.getKey(), e.getValue());
              }
            });
    return found;
  }

  /** Each AWS::Lambda::Function, by short name (from its jar's path). */
  private static Map<String, Fn> lambdas(JsonNode cfn) {
    Map<String, Fn> byName = new TreeMap<>();
    resources(cfn, "AWS::Lambda::Function")
        .forEach(
            (id, resource) -> {
              JsonNode props = resource.get("Properties");
              String key = props.at("/Code/S3Key").asText();
              Fn fn = new Fn(id, nameOf(key), key, props);
              assertThat(byName.put(fn.name(), fn)).as("two functions from " + key).isNull();
            });
    return byName;
  }

  /** A translated function: its logical id, short name, jar (relative path) and properties. */
  private record Fn(String id, String name, String jar, JsonNode props) {
    /** What events and the HTTP API invoke: the "live" alias SAM makes for AutoPublishAlias. */
    String alias() {
      return id + "Aliaslive";
    }

    JsonNode env(String variable) {
      return props.at("/Environment/Variables").path(variable);
    }
  }

  private static JsonNode ref(String id) {
    return JSON.createObjectNode().put("Ref", id);
  }

  private static JsonNode arnOf(String id) {
    ObjectNode node = JSON.createObjectNode();
    node.putArray("Fn::GetAtt").add(id).add("Arn");
    return node;
  }

  private static final Pattern ALIAS_IN_URI = Pattern.compile("\\$\\{(\\w+)}/invocations");

  /**
   * What invokes each function, keyed by the alias it invokes: "HTTP METHOD /path" for the HTTP
   * API's routes, "rule on <bus>: <pattern>" or "rule on the default bus: <schedule>" for
   * EventBridge rules. A source invoking anything but an alias is keyed by what it invokes.
   */
  private static Map<String, Set<String>> eventSources(JsonNode cfn) {
    Map<String, Set<String>> sources = new TreeMap<>();
    for (JsonNode api : resources(cfn, "AWS::ApiGatewayV2::Api").values()) {
      api.at("/Properties/Body/paths")
          .fields()
          .forEachRemaining(
              path ->
                  path.getValue()
                      .fields()
                      .forEachRemaining(
                          op -> {
                            String uri =
                                op.getValue()
                                    .at("/x-amazon-apigateway-integration/uri/Fn::Sub")
                                    .asText();
                            Matcher m = ALIAS_IN_URI.matcher(uri);
                            String target = m.find() ? m.group(1) : uri;
                            sources
                                .computeIfAbsent(target, k -> new TreeSet<>())
                                .add("HTTP " + op.getKey().toUpperCase() + " " + path.getKey());
                          }));
    }
    for (Map.Entry<String, JsonNode> rule : resources(cfn, "AWS::Events::Rule").entrySet()) {
      JsonNode props = rule.getValue().get("Properties");
      String what =
          props.has("ScheduleExpression")
              ? props.get("ScheduleExpression").asText()
              : props.get("EventPattern").toString();
      String bus =
          props.has("EventBusName")
              ? props.get("EventBusName").path("Ref").asText(props.get("EventBusName").toString())
              : "the default bus";
      for (JsonNode target : props.path("Targets")) {
        String invoked = target.path("Arn").path("Ref").asText(target.path("Arn").toString());
        sources.computeIfAbsent(invoked, k -> new TreeSet<>()).add("rule on " + bus + ": " + what);
      }
    }
    return sources;
  }

  @Test
  void everyFunctionIsTranslatedWithItsOwnJarHandlerAndEvents() throws Exception {
    JsonNode cfn = translated();
    Map<String, Fn> lambdas = lambdas(cfn);
    assertThat(lambdas.keySet()).isEqualTo(FUNCTIONS);

    Map<String, Set<String>> sources = eventSources(cfn);
    Set<String> aliases = new TreeSet<>();
    for (Fn fn : lambdas.values()) {
      assertThat(fn.jar())
          .as(fn.name() + " jar")
          .isEqualTo("functions/" + fn.name() + "/target/chittysync-" + fn.name() + ".jar");
      String handler = fn.props().get("Handler").asText();
      assertThat(handler).startsWith("com.chittysync.functions." + fn.name() + ".");
      assertHandlerInJar(fn.name(), ROOT.resolve(fn.jar()), handler);
      assertThat(fn.props().at("/Runtime").asText()).isEqualTo("java21");

      Set<String> expected = new TreeSet<>();
      FunctionCatalog.all().stream()
          .filter(spec -> spec.name().equals(fn.name()))
          .flatMap(spec -> spec.routes().stream())
          .forEach(route -> expected.add("HTTP " + route));
      expected.addAll(RULES.getOrDefault(fn.name(), Set.of()));
      assertThat(expected).as(fn.name() + " has events to expect").isNotEmpty();
      assertThat(sources.getOrDefault(fn.alias(), Set.of()))
          .as(fn.name() + "'s event sources (invoking its live alias)")
          .isEqualTo(expected);
      aliases.add(fn.alias());
    }
    assertThat(sources.keySet())
        .as("every route and rule invokes a function's live alias, never $LATEST")
        .isSubsetOf(aliases);

    // Each rule may invoke its alias: one permission per rule, for that rule only.
    Map<String, JsonNode> permissions = resources(cfn, "AWS::Lambda::Permission");
    for (Map.Entry<String, JsonNode> rule : resources(cfn, "AWS::Events::Rule").entrySet()) {
      JsonNode target = rule.getValue().at("/Properties/Targets/0/Arn");
      assertThat(permissions.values())
          .as("permission for rule " + rule.getKey())
          .anySatisfy(
              p -> {
                JsonNode props = p.get("Properties");
                assertThat(props.get("Principal").asText()).isEqualTo("events.amazonaws.com");
                assertThat(props.get("FunctionName")).isEqualTo(target);
                assertThat(props.get("SourceArn")).isEqualTo(arnOf(rule.getKey()));
              });
    }
  }

  @Test
  void everyFunctionStartsFromASnapStartAliasWithItsOwnLogGroupAndLimits() throws Exception {
    JsonNode cfn = translated();
    JsonNode resources = cfn.get("Resources");
    for (Fn fn : lambdas(cfn).values()) {
      JsonNode props = fn.props();
      assertThat(props.at("/SnapStart/ApplyOn").asText())
          .as(fn.name() + " SnapStart")
          .isEqualTo("PublishedVersions");
      JsonNode alias = resources.path(fn.alias());
      assertThat(alias.path("Type").asText()).as(fn.alias()).isEqualTo("AWS::Lambda::Alias");
      assertThat(alias.at("/Properties/FunctionName")).isEqualTo(ref(fn.id()));
      // SAM publishes a new version for new code, not for a parameter's new value; the version's
      // description (which cannot change in place) must carry the values a redeploy changes, or
      // "live" would keep the old config layer and settings.
      JsonNode version =
          resources.path(alias.at("/Properties/FunctionVersion/Fn::GetAtt/0").asText());
      assertThat(version.path("Type").asText()).isEqualTo("AWS::Lambda::Version");
      String description = version.at("/Properties/Description").toString();
      List<String> carried =
          new ArrayList<>(
              List.of(
                  "${ConfigLayerArn}",
                  "\"DatabaseUrlSecretArn\"",
                  "${DbPoolSize}",
                  "${DbConnectTimeoutMs}",
                  "${RequireSignedConfig}",
                  "${Tracing}"));
      if (fn.name().equals("diff") || fn.name().equals("apply")) {
        carried.add("${NotificationWebhookSecretArn}");
      }
      if (fn.name().equals("api")) {
        carried.add("${NotionOAuthRedirectUri}");
        carried.add("${PublicAudit}");
      }
      if (fn.name().equals("dashboard")) {
        carried.addAll(
            List.of(
                "\"OidcIssuer\"",
                "${OidcClientId}",
                "${OidcRoleClaim}",
                "${OidcOperatorValues}",
                "${OidcViewerValues}",
                "${DashboardUrl}",
                "${PublicAudit}"));
      }
      assertThat(description).as(fn.name() + " version description").contains(carried);

      assertThat(props.at("/FunctionName/Fn::Sub").asText())
          .isEqualTo("${AWS::StackName}-" + fn.name());
      String logGroupId = props.at("/LoggingConfig/LogGroup/Ref").asText();
      JsonNode logGroup = resources.path(logGroupId);
      assertThat(logGroup.path("Type").asText())
          .as(fn.name() + " log group")
          .isEqualTo("AWS::Logs::LogGroup");
      assertThat(logGroup.at("/Properties/LogGroupName/Fn::Sub").asText())
          .isEqualTo("/aws/lambda/${AWS::StackName}-" + fn.name());
      assertThat(logGroup.at("/Properties/RetentionInDays")).isEqualTo(ref("LogRetentionDays"));

      assertThat(fn.env("DATABASE_URL").path("Fn::Sub").asText())
          .isEqualTo("secretsmanager:${DatabaseUrlSecretArn}#url");
      assertThat(fn.env("CHITTYSYNC_CONFIG").asText()).isEqualTo("/opt/chittysync.yaml");

      int timeout = props.get("Timeout").asInt();
      switch (fn.name()) {
        case "diff", "apply" -> {
          // A large registry is read and written at Notion's pace: Lambda's maximum.
          assertThat(timeout).as(fn.name() + " timeout").isEqualTo(900);
          assertThat(props.get("MemorySize").asInt()).isGreaterThanOrEqualTo(2048);
        }
        case "schedule" -> assertThat(timeout).as("schedule timeout").isLessThan(60);
        // An HTTP API waits at most 30 s.
        default -> assertThat(timeout).as(fn.name() + " timeout").isLessThanOrEqualTo(29);
      }
      // No function reserves concurrency, apply included: registries apply in parallel. The
      // registry lease is the writer limit (one per registry), and the request budgets shared
      // per Notion integration and Sheets service account in the state database keep concurrent
      // applies within each account's rate (ParallelAppliesIT proves both).
      assertThat(props.has("ReservedConcurrentExecutions")).as(fn.name()).isFalse();

      JsonNode bus = fn.env("CHITTYSYNC_EVENT_BUS");
      if (Set.of("webhook", "schedule", "diff", "apply", "dashboard").contains(fn.name())) {
        assertThat(bus).as(fn.name() + " CHITTYSYNC_EVENT_BUS").isEqualTo(ref("SyncEventBus"));
      } else {
        assertThat(bus.isMissingNode()).as(fn.name() + " puts no events").isTrue();
      }
    }
  }

  @Test
  void asyncFunctionsRetryABoundedNumberOfTimesThenLandInTheirOwnDeadLetterQueue()
      throws Exception {
    JsonNode cfn = translated();
    JsonNode resources = cfn.get("Resources");
    Map<String, Fn> lambdas = lambdas(cfn);
    Map<String, JsonNode> invokeConfigs = resources(cfn, "AWS::Lambda::EventInvokeConfig");
    Map<String, JsonNode> rules = resources(cfn, "AWS::Events::Rule");
    Map<String, JsonNode> queuePolicies = resources(cfn, "AWS::SQS::QueuePolicy");
    Set<String> queues = resources(cfn, "AWS::SQS::Queue").keySet();
    Set<JsonNode> used = new HashSet<>();

    for (String name : ASYNC_FUNCTIONS) {
      Fn fn = lambdas.get(name);
      JsonNode config =
          invokeConfigs.values().stream()
              .map(c -> c.get("Properties"))
              .filter(c -> c.get("FunctionName").equals(ref(fn.id())))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " has no EventInvokeConfig"));
      assertThat(config.path("Qualifier").asText()).as(name + " qualifier").isEqualTo("live");
      assertThat(config.path("MaximumRetryAttempts").asInt()).as(name).isEqualTo(2);
      assertThat(config.path("MaximumEventAgeInSeconds").asInt()).as(name).isBetween(60, 21600);
      JsonNode dlq = config.at("/DestinationConfig/OnFailure/Destination");
      String queue = dlq.at("/Fn::GetAtt/0").asText();
      assertThat(queue).as(name + " dead-letter queue").isIn(queues);
      assertThat(used.add(dlq)).as(name + " has a queue of its own").isTrue();

      // The rule's target gives up to the same queue when it cannot invoke the function at all.
      List<String> ruleIds = new ArrayList<>();
      rules.forEach(
          (id, rule) -> {
            for (JsonNode target : rule.at("/Properties/Targets")) {
              if (target.get("Arn").equals(ref(fn.alias()))) {
                ruleIds.add(id);
                assertThat(target.at("/DeadLetterConfig/Arn")).as(id + " DLQ").isEqualTo(dlq);
                assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt())
                    .as(id + " retries")
                    .isBetween(0, 10);
                assertThat(target.at("/RetryPolicy/MaximumEventAgeInSeconds").asInt())
                    .as(id + " event age")
                    .isBetween(60, 21600);
              }
            }
          });
      assertThat(ruleIds).as(name + " rules").hasSize(1);

      // ...which lets EventBridge send there for that rule only.
      JsonNode policy =
          queuePolicies.values().stream()
              .map(p -> p.get("Properties"))
              .filter(p -> p.at("/Queues/0").equals(ref(queue)))
              .findFirst()
              .orElseThrow(() -> new AssertionError(queue + " has no queue policy"));
      assertThat(policy.get("Queues")).hasSize(1);
      JsonNode statements = policy.at("/PolicyDocument/Statement");
      assertThat(statements).hasSize(1);
      JsonNode statement = statements.get(0);
      assertThat(statement.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
      assertThat(statement.at("/Action").asText()).isEqualTo("sqs:SendMessage");
      assertThat(statement.at("/Resource")).isEqualTo(dlq);
      assertThat(statement.at("/Condition/ArnEquals/aws:SourceArn"))
          .isEqualTo(arnOf(ruleIds.get(0)));
    }
    assertThat(used).as("one dead-letter queue per asynchronous function").hasSameSizeAs(queues);

    // The health function reports the depth of every dead-letter queue; the dashboard shows and
    // redrives them.
    for (String name : List.of("health", "dashboard")) {
      JsonNode join = lambdas.get(name).env("CHITTYSYNC_DEAD_LETTER_QUEUES").path("Fn::Join");
      assertThat(join.get(0).asText()).as(name).isEqualTo(",");
      Set<String> reported = new TreeSet<>();
      join.get(1).forEach(q -> reported.add(q.path("Ref").asText()));
      assertThat(reported).as(name + " CHITTYSYNC_DEAD_LETTER_QUEUES").isEqualTo(queues);
    }

    // The stack tells the operator where things are.
    Set<String> outputs = new TreeSet<>();
    cfn.get("Outputs")
        .fields()
        .forEachRemaining(o -> outputs.add(o.getValue().at("/Value").toString()));
    for (String queue : queues) {
      assertThat(outputs).as("output of " + queue).contains(ref(queue).toString());
    }
    assertThat(outputs).contains(ref("SyncEventBus").toString());
    assertThat(cfn.at("/Outputs/ApiUrl/Value/Fn::Sub").asText()).contains("${HttpApi}");
    assertThat(resources.path("SyncEventBus").path("Type").asText())
        .isEqualTo("AWS::Events::EventBus");
  }

  /**
   * The audit read routes need a bearer token from the OIDC issuer unless PublicAudit is true; the
   * latest checkpoint, the dashboard (which checks sessions and tokens itself), the webhook and
   * health never go through the authorizer.
   */
  @Test
  void auditReadRoutesNeedABearerTokenUnlessPublicAudit() throws Exception {
    JsonNode cfn = translated();
    JsonNode body = cfn.at("/Resources/HttpApi/Properties/Body");
    JsonNode authorizer =
        body.at("/components/securitySchemes/OidcJwt/x-amazon-apigateway-authorizer");
    assertThat(authorizer.path("type").asText()).isEqualTo("jwt");
    assertThat(authorizer.path("identitySource").asText())
        .isEqualTo("$request.header.Authorization");
    assertThat(authorizer.at("/jwtConfiguration/issuer")).isEqualTo(ref("OidcIssuer"));
    assertThat(authorizer.at("/jwtConfiguration/audience/0")).isEqualTo(ref("OidcClientId"));

    JsonNode guarded =
        JSON.readTree(
            "{\"Fn::If\":[\"IsPublicAudit\",{\"Ref\":\"AWS::NoValue\"},[{\"OidcJwt\":[]}]]}");
    Set<String> expectGuarded =
        Set.of(
            "GET /v1/audit/checkpoints",
            "GET /v1/audit/entries",
            "GET /v1/audit/proof",
            "GET /v1/audit/consistency");
    Set<String> seen = new TreeSet<>();
    body.get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          String key = op.getKey().toUpperCase() + " " + path.getKey();
                          seen.add(key);
                          JsonNode security = op.getValue().path("security");
                          if (expectGuarded.contains(key)) {
                            assertThat(security).as(key + " security").isEqualTo(guarded);
                          } else {
                            assertThat(security.isMissingNode())
                                .as(key + " has no authorizer")
                                .isTrue();
                          }
                        }));
    assertThat(seen).containsAll(expectGuarded).contains("GET /v1/audit/checkpoint", "GET /");
    assertThat(cfn.at("/Conditions/IsPublicAudit/Fn::Equals"))
        .isEqualTo(JSON.readTree("[{\"Ref\":\"PublicAudit\"},\"true\"]"));
    assertThat(cfn.at("/Parameters/PublicAudit/Default").asText()).isEqualTo("false");

    // Both functions that answer audit reads hold to the same setting.
    Map<String, Fn> lambdas = lambdas(cfn);
    for (String name : List.of("api", "dashboard")) {
      assertThat(lambdas.get(name).env("CHITTYSYNC_PUBLIC_AUDIT"))
          .as(name + " CHITTYSYNC_PUBLIC_AUDIT")
          .isEqualTo(ref("PublicAudit"));
    }
    Fn dashboard = lambdas.get("dashboard");
    assertThat(dashboard.env("CHITTYSYNC_SESSION_KEY").path("Fn::Sub").asText())
        .isEqualTo("secretsmanager:${DashboardSessionKeySecretArn}");
    assertThat(dashboard.env("CHITTYSYNC_OIDC_CLIENT_SECRET").at("/Fn::If/1/Fn::Sub").asText())
        .isEqualTo("secretsmanager:${OidcClientSecretArn}");
    for (String variable :
        List.of(
            "CHITTYSYNC_OIDC_ISSUER",
            "CHITTYSYNC_OIDC_CLIENT_ID",
            "CHITTYSYNC_OIDC_ROLE_CLAIM",
            "CHITTYSYNC_OIDC_OPERATOR_VALUES",
            "CHITTYSYNC_OIDC_VIEWER_VALUES",
            "CHITTYSYNC_DASHBOARD_URL")) {
      assertThat(dashboard.env(variable).isMissingNode()).as(variable).isFalse();
    }
  }

  // ------------------------------------------------------------------ roles

  /**
   * What each function's role may do, as "action resource": a resource is the parameter or the
   * logical id its ARN comes from, or "name:<parameter>" for a secret matched by the name a
   * parameter gives (with its default) followed by the six-character suffix.
   */
  private static Map<String, Set<String>> expectedGrants() {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (String name : FUNCTIONS) {
      String logs = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "LogGroup";
      grants.put(
          name,
          new TreeSet<>(
              Set.of(
                  "logs:CreateLogStream " + logs,
                  "logs:PutLogEvents " + logs,
                  "secretsmanager:GetSecretValue DatabaseUrlSecretArn",
                  // Only while Tracing is Active (tracingIsAParameterOfEveryFunction).
                  "xray:PutTraceSegments *",
                  "xray:PutTelemetryRecords *")));
    }
    grants
        .get("health")
        .addAll(
            Set.of(
                "sqs:GetQueueAttributes ScheduleDeadLetterQueue",
                "sqs:GetQueueAttributes DiffDeadLetterQueue",
                "sqs:GetQueueAttributes ApplyDeadLetterQueue"));
    Set<String> endpointSecrets =
        Set.of(
            "secretsmanager:GetSecretValue NotionApiTokenSecretArn",
            "secretsmanager:GetSecretValue GoogleServiceAccountSecretArn",
            "secretsmanager:GetSecretValue NotionOAuthClientSecretArn",
            "secretsmanager:GetSecretValue name:NotionTokenSecretName",
            "secretsmanager:PutSecretValue name:NotionTokenSecretName");
    grants.get("api").addAll(endpointSecrets);
    grants.get("api").add("secretsmanager:CreateSecret name:NotionTokenSecretName");
    grants
        .get("webhook")
        .addAll(
            Set.of(
                "events:PutEvents SyncEventBus",
                "secretsmanager:GetSecretValue name:NotionWebhookSecretName",
                "secretsmanager:PutSecretValue name:NotionWebhookSecretName",
                "secretsmanager:CreateSecret name:NotionWebhookSecretName",
                "secretsmanager:DescribeSecret name:NotionWebhookSecretName"));
    grants
        .get("schedule")
        .addAll(Set.of("events:PutEvents SyncEventBus", "sqs:SendMessage ScheduleDeadLetterQueue"));
    grants
        .get("dashboard")
        .addAll(
            Set.of(
                "secretsmanager:GetSecretValue DashboardSessionKeySecretArn",
                "secretsmanager:GetSecretValue OidcClientSecretArn",
                "events:PutEvents SyncEventBus"));
    for (String queue :
        List.of("ScheduleDeadLetterQueue", "DiffDeadLetterQueue", "ApplyDeadLetterQueue")) {
      for (String action :
          List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage")) {
        grants.get("dashboard").add(action + " " + queue);
      }
    }
    for (String name : List.of("diff", "apply")) {
      String queue = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "DeadLetterQueue";
      grants.get(name).add("secretsmanager:GetSecretValue NotificationWebhookSecretArn");
      grants.get(name).addAll(endpointSecrets);
      grants.get(name).addAll(Set.of("events:PutEvents SyncEventBus", "sqs:SendMessage " + queue));
    }
    return grants;
  }

  /** Where a statement's resource comes from, in the words of {@link #expectedGrants}. */
  private static String resourceName(JsonNode resource) {
    if (resource.isTextual()) {
      return resource.asText(); // a literal ARN or "*": expected nowhere
    }
    if (resource.has("Ref")) {
      return resource.get("Ref").asText();
    }
    if (resource.has("Fn::GetAtt") && resource.at("/Fn::GetAtt/1").asText().equals("Arn")) {
      return resource.at("/Fn::GetAtt/0").asText();
    }
    JsonNode sub = resource.path("Fn::Sub");
    if (sub.isArray()
        && sub.get(0).asText().endsWith(":secret:${Name}-??????")
        && sub.get(0)
            .asText()
            .startsWith("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:")) {
      // Name: !If [Default<X>, "${AWS::StackName}/<default>", !Ref <X>]
      JsonNode name = sub.at("/1/Name/Fn::If");
      if (name.isArray() && name.get(2).has("Ref")) {
        return "name:" + name.get(2).get("Ref").asText();
      }
    }
    return resource.toString();
  }

  /**
   * A policy's statements, with both branches of every {@code Fn::If} (a role is judged by the most
   * it can ever be granted). Each comes with whether it was conditional.
   */
  private static void statements(JsonNode node, boolean conditional, Map<JsonNode, Boolean> out) {
    if (node.isArray()) {
      node.forEach(n -> statements(n, conditional, out));
    } else if (node.has("Fn::If")) {
      statements(node.at("/Fn::If/1"), true, out);
      statements(node.at("/Fn::If/2"), true, out);
    } else if (node.isObject() && !node.equals(ref("AWS::NoValue"))) {
      out.put(node, conditional);
    }
  }

  private static List<JsonNode> listOf(JsonNode node) {
    List<JsonNode> list = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(list::add);
    } else {
      list.add(node);
    }
    return list;
  }

  @Test
  void rolesGrantOnlyWhatEachFunctionNeeds() throws Exception {
    JsonNode cfn = translated();
    JsonNode resources = cfn.get("Resources");
    JsonNode parameters = cfn.get("Parameters");
    Map<String, Set<String>> granted = new TreeMap<>();
    Set<String> roles = new TreeSet<>();
    for (Fn fn : lambdas(cfn).values()) {
      String roleId = fn.props().at("/Role/Fn::GetAtt/0").asText();
      assertThat(fn.props().get("Role")).as(fn.name() + " role").isEqualTo(arnOf(roleId));
      assertThat(roles.add(roleId)).as(fn.name() + " has a role of its own").isTrue();
      JsonNode role = resources.path(roleId);
      assertThat(role.path("Type").asText()).isEqualTo("AWS::IAM::Role");
      JsonNode props = role.get("Properties");
      assertThat(props.has("ManagedPolicyArns")).as(roleId + " managed policies").isFalse();
      JsonNode trust = props.at("/AssumeRolePolicyDocument/Statement");
      assertThat(trust).hasSize(1);
      assertThat(trust.at("/0/Principal"))
          .isEqualTo(JSON.readTree("{\"Service\":\"lambda.amazonaws.com\"}"));
      assertThat(trust.at("/0/Action").asText()).isEqualTo("sts:AssumeRole");
      assertThat(trust.at("/0/Condition").isMissingNode()).isTrue();

      Set<String> grants = new TreeSet<>();
      for (JsonNode policy : props.path("Policies")) {
        Map<JsonNode, Boolean> statements = new LinkedHashMap<>();
        statements(policy.at("/PolicyDocument/Statement"), false, statements);
        for (Map.Entry<JsonNode, Boolean> s : statements.entrySet()) {
          JsonNode statement = s.getKey();
          String where = roleId + " " + statement.path("Sid").asText(statement.toString());
          assertThat(statement.path("Effect").asText()).as(where).isEqualTo("Allow");
          assertThat(statement.has("NotAction") || statement.has("NotResource"))
              .as(where)
              .isFalse();
          for (JsonNode resource : listOf(statement.get("Resource"))) {
            String from = resourceName(resource);
            if (from.equals("*")) {
              // X-Ray's write actions take no narrower resource; nothing else may have "*", and
              // these only conditionally (on TracingActive, checked in
              // tracingIsAParameterOfEveryFunction).
              assertThat(listOf(statement.get("Action")))
                  .as(where + " actions on *")
                  .allSatisfy(a -> assertThat(a.asText()).isIn(XRAY_WRITE));
              assertThat(s.getValue()).as(where + " is conditional").isTrue();
            } else {
              assertThat(from).as(where + " resource").doesNotContain("*");
            }
            // A secret given by an optional parameter is granted only when the parameter is set.
            JsonNode parameter = parameters.path(from);
            if (parameter.path("Default").isTextual()
                && parameter.path("Default").asText().isEmpty()) {
              assertThat(s.getValue()).as(where + " is conditional on " + from).isTrue();
            }
            for (JsonNode action : listOf(statement.get("Action"))) {
              assertThat(action.asText()).as(where + " action").doesNotContain("*");
              grants.add(action.asText() + " " + from);
            }
          }
        }
      }
      granted.put(fn.name(), grants);
    }
    Map<String, Set<String>> expected = expectedGrants();
    for (String name : FUNCTIONS) {
      assertThat(granted.get(name)).as(name + "'s role").isEqualTo(expected.get(name));
    }
    // Spelled out, the properties that matter most.
    granted.forEach(
        (name, grants) -> {
          for (String grant : grants) {
            if (grant.startsWith("events:PutEvents ")) {
              assertThat(grant).as(name).isEqualTo("events:PutEvents SyncEventBus");
            }
          }
        });
    assertThat(granted.get("health")).noneMatch(g -> g.startsWith("events:"));
    assertThat(granted.get("api")).noneMatch(g -> g.startsWith("events:"));
    assertThat(granted.get("diff")).contains("events:PutEvents SyncEventBus");
    assertThat(granted.get("apply")).contains("events:PutEvents SyncEventBus");
    // Ensure no AWS-managed role was generated for a function without an explicit one.
    assertThat(resources(cfn, "AWS::IAM::Role").keySet()).isEqualTo(roles);
  }

  // ------------------------------------------------------------------ operations

  /** Where every alarm sends, on ALARM and back to OK: the topic given, or the stack's own. */
  private static JsonNode alarmTopic() throws IOException {
    return JSON.readTree(
        "{\"Fn::If\":[\"CreateAlarmTopic\",{\"Ref\":\"AlarmTopic\"},{\"Ref\":\"AlarmTopicArn\"}]}");
  }

  /** The alarm of {@code cfn} on metric {@code name} (or the metric math over it). */
  private static JsonNode alarmOn(Map<String, JsonNode> alarms, String name) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode alarm : alarms.values()) {
      JsonNode props = alarm.get("Properties");
      if (props.path("MetricName").asText().equals(name)
          || props.path("Metrics").toString().contains("\"MetricName\":\"" + name + "\"")) {
        found.add(props);
      }
    }
    assertThat(found).as("alarms on " + name).hasSize(1);
    return found.get(0);
  }

  @Test
  void everyAlarmNotifiesTheTopicGivenOrTheStacksOwn() throws Exception {
    JsonNode cfn = translated();
    assertThat(cfn.at("/Parameters/AlarmTopicArn/Default").asText()).isEmpty();
    assertThat(cfn.at("/Conditions/CreateAlarmTopic/Fn::Equals"))
        .isEqualTo(JSON.readTree("[{\"Ref\":\"AlarmTopicArn\"},\"\"]"));
    JsonNode topic = cfn.at("/Resources/AlarmTopic");
    assertThat(topic.path("Type").asText()).isEqualTo("AWS::SNS::Topic");
    assertThat(topic.path("Condition").asText()).isEqualTo("CreateAlarmTopic");
    // The operator subscribes to what the stack says, whichever it is.
    assertThat(cfn.at("/Outputs/AlarmTopicArn/Value")).isEqualTo(alarmTopic());

    Map<String, JsonNode> alarms = resources(cfn, "AWS::CloudWatch::Alarm");
    assertThat(alarms).hasSize(6);
    for (Map.Entry<String, JsonNode> alarm : alarms.entrySet()) {
      JsonNode props = alarm.getValue().get("Properties");
      String id = alarm.getKey();
      assertThat(props.get("AlarmActions")).as(id + " AlarmActions").containsExactly(alarmTopic());
      assertThat(props.get("OKActions")).as(id + " OKActions").containsExactly(alarmTopic());
      assertThat(props.path("TreatMissingData").asText())
          .as(id + " says what missing data means")
          .isIn("notBreaching", "ignore", "breaching", "missing");
      assertThat(props.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
      assertThat(props.at("/AlarmName/Fn::Sub").asText()).startsWith("${AWS::StackName}-");
      assertThat(props.path("AlarmDescription").toString()).as(id).contains("docs/operate.md");
    }

    // Each dead-letter queue holding a message.
    for (String queue : resources(cfn, "AWS::SQS::Queue").keySet()) {
      JsonNode alarm =
          alarms.values().stream()
              .map(a -> a.get("Properties"))
              .filter(a -> a.at("/Dimensions/0/Value/Fn::GetAtt/0").asText().equals(queue))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no alarm on " + queue));
      assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/SQS");
      assertThat(alarm.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
      assertThat(alarm.at("/Dimensions/0/Name").asText()).isEqualTo("QueueName");
      assertThat(alarm.at("/Dimensions/0/Value/Fn::GetAtt/1").asText()).isEqualTo("QueueName");
      assertThat(alarm.path("Threshold").asInt()).isZero();
      assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("notBreaching");
    }

    // A registry not converged for twice its schedule: 2 of 3 five-minute ticks' counts.
    JsonNode stale = alarmOn(alarms, "RegistriesNotConverged");
    assertThat(stale.path("Namespace").asText()).isEqualTo("ChittySync");
    assertThat(stale.has("Dimensions")).as("stack-wide, no dimension").isFalse();
    assertThat(stale.path("Period").asInt()).isEqualTo(300);
    assertThat(stale.path("EvaluationPeriods").asInt()).isEqualTo(3);
    assertThat(stale.path("DatapointsToAlarm").asInt()).isEqualTo(2);
    assertThat(stale.path("Threshold").asInt()).isZero();

    JsonNode failed = alarmOn(alarms, "RunsFailed");
    assertThat(failed.path("Namespace").asText()).isEqualTo("ChittySync");
    assertThat(failed.has("Dimensions")).isFalse();
    assertThat(failed.path("Statistic").asText()).isEqualTo("Sum");
    assertThat(failed.path("Period").asInt()).isEqualTo(300);
    assertThat(failed.path("Threshold").asInt()).isZero();
    assertThat(failed.path("TreatMissingData").asText()).isEqualTo("notBreaching");

    // Sustained rate limiting: Notion's and Sheets' 429s together, three periods running.
    JsonNode limited = alarmOn(alarms, "NotionRateLimited");
    assertThat(alarmOn(alarms, "SheetsRateLimited")).isSameAs(limited);
    assertThat(limited.path("EvaluationPeriods").asInt()).isEqualTo(3);
    assertThat(limited.path("DatapointsToAlarm").asInt()).isEqualTo(3);
    assertThat(limited.get("Threshold")).isEqualTo(ref("RateLimitedThreshold"));
    List<JsonNode> returned = new ArrayList<>();
    for (JsonNode m : limited.get("Metrics")) {
      if (m.has("MetricStat")) {
        assertThat(m.at("/MetricStat/Metric/Namespace").asText()).isEqualTo("ChittySync");
        assertThat(m.at("/MetricStat/Metric/Dimensions").isMissingNode()).isTrue();
        assertThat(m.at("/MetricStat/Period").asInt()).isEqualTo(300);
        assertThat(m.at("/MetricStat/Stat").asText()).isEqualTo("Sum");
      }
      if (m.path("ReturnData").asBoolean(true)) {
        returned.add(m);
      }
    }
    assertThat(returned).hasSize(1);
    assertThat(returned.get(0).path("Expression").asText()).contains("notion").contains("sheets");
  }

  @Test
  void theCloudWatchDashboardChartsEveryContractMetricBesideTheWebDashboard() throws Exception {
    JsonNode cfn = translated();
    Map<String, JsonNode> dashboards = resources(cfn, "AWS::CloudWatch::Dashboard");
    assertThat(dashboards).containsOnlyKeys("OpsDashboard");
    JsonNode sub = dashboards.get("OpsDashboard").at("/Properties/DashboardBody/Fn::Sub");
    String template = sub.get(0).asText();
    // What CloudFormation substitutes is text inside JSON strings; any stand-in must still parse.
    Matcher vars = Pattern.compile("\\$\\{([^}]+)}").matcher(template);
    Set<String> substituted = new TreeSet<>();
    while (vars.find()) {
      substituted.add(vars.group(1));
    }
    assertThat(substituted)
        .containsExactlyInAnyOrder(
            "AWS::Region",
            "AWS::StackName",
            "WebDashboard",
            "ScheduleDeadLetterQueue.QueueName",
            "DiffDeadLetterQueue.QueueName",
            "ApplyDeadLetterQueue.QueueName");
    assertThat(sub.at("/1/WebDashboard/Fn::If/0").asText()).isEqualTo("HasDashboardUrl");
    JsonNode body = JSON.readTree(template.replaceAll("\\$\\{[^}]+}", "x"));

    List<JsonNode> metrics = new ArrayList<>();
    Set<String> charted = new TreeSet<>();
    Pattern search =
        Pattern.compile(
            "SEARCH\\('\\{ChittySync,registry} MetricName=\"(\\w+)\"', '(\\w+)', 300\\)");
    boolean linksWebDashboard = false;
    for (JsonNode widget : body.get("widgets")) {
      assertThat(widget.path("x").asInt() + widget.path("width").asInt()).isLessThanOrEqualTo(24);
      if (widget.path("type").asText().equals("text")) {
        linksWebDashboard |= widget.at("/properties/markdown").asText().contains("](x)");
        continue;
      }
      assertThat(widget.path("type").asText()).isEqualTo("metric");
      assertThat(widget.at("/properties/region").asText()).isEqualTo("x");
      for (JsonNode line : widget.at("/properties/metrics")) {
        metrics.add(line);
        JsonNode first = line.get(0);
        if (first.isObject()) {
          Matcher m = search.matcher(first.path("expression").asText());
          assertThat(m.matches()).as("per-registry SEARCH " + first).isTrue();
          charted.add(m.group(1));
        } else if (first.asText().equals("ChittySync")) {
          charted.add(line.get(1).asText());
        }
      }
    }
    assertThat(linksWebDashboard).as("a link to the product's own web dashboard").isTrue();
    assertThat(charted).containsAll(CONTRACT_METRICS);
    assertThat(charted).isSubsetOf(CONTRACT_METRICS);

    // Dead-letter depth of the three queues, and each function's errors, duration and throttles.
    String all = metrics.toString();
    assertThat(all).contains("\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\",\"QueueName\"");
    assertThat(metrics.stream().filter(l -> l.get(0).asText().equals("AWS/SQS"))).hasSize(3);
    for (String metric : List.of("Errors", "Duration", "Throttles")) {
      Set<String> functions = new TreeSet<>();
      for (JsonNode line : metrics) {
        if (line.get(0).asText().equals("AWS/Lambda") && line.get(1).asText().equals(metric)) {
          assertThat(line.get(2).asText()).isEqualTo("FunctionName");
          functions.add(line.get(4).path("label").asText());
        }
      }
      assertThat(functions).as("functions charted for " + metric).isEqualTo(FUNCTIONS);
    }
    assertThat(template).contains("${AWS::StackName}-apply");

    assertThat(cfn.at("/Outputs/CloudWatchDashboardUrl/Value/Fn::Sub").asText())
        .contains("#dashboards/dashboard/${OpsDashboard}");
  }

  @Test
  void tracingIsAParameterOfEveryFunction() throws Exception {
    JsonNode cfn = translated();
    assertThat(cfn.at("/Parameters/Tracing/Default").asText()).isEqualTo("PassThrough");
    assertThat(cfn.at("/Parameters/Tracing/AllowedValues"))
        .isEqualTo(JSON.readTree("[\"Active\",\"PassThrough\"]"));
    assertThat(cfn.at("/Conditions/TracingActive/Fn::Equals"))
        .isEqualTo(JSON.readTree("[{\"Ref\":\"Tracing\"},\"Active\"]"));
    JsonNode writeTraces =
        JSON.readTree(
            "{\"Fn::If\":[\"TracingActive\",{\"Sid\":\"WriteTraces\",\"Effect\":\"Allow\","
                + "\"Action\":[\"xray:PutTraceSegments\",\"xray:PutTelemetryRecords\"],"
                + "\"Resource\":\"*\"},{\"Ref\":\"AWS::NoValue\"}]}");
    for (Fn fn : lambdas(cfn).values()) {
      assertThat(fn.props().at("/TracingConfig/Mode"))
          .as(fn.name() + " tracing")
          .isEqualTo(ref("Tracing"));
      String roleId = fn.props().at("/Role/Fn::GetAtt/0").asText();
      List<JsonNode> statements = new ArrayList<>();
      cfn.at("/Resources/" + roleId + "/Properties/Policies")
          .forEach(p -> p.at("/PolicyDocument/Statement").forEach(statements::add));
      assertThat(statements).as(roleId + " writes traces when active").contains(writeTraces);
    }
  }

  @Test
  void diffAndApplyPostStateChangesToTheOptionalChatWebhook() throws Exception {
    JsonNode cfn = translated();
    assertThat(cfn.at("/Parameters/NotificationWebhookSecretArn/Default").asText()).isEmpty();
    JsonNode expected =
        JSON.readTree(
            "{\"Fn::If\":[\"HasNotificationWebhook\","
                + "{\"Fn::Sub\":\"secretsmanager:${NotificationWebhookSecretArn}\"},\"\"]}");
    for (Fn fn : lambdas(cfn).values()) {
      JsonNode webhook = fn.env("CHITTYSYNC_NOTIFY_WEBHOOK");
      if (Set.of("diff", "apply").contains(fn.name())) {
        assertThat(webhook).as(fn.name()).isEqualTo(expected);
      } else {
        assertThat(webhook.isMissingNode()).as(fn.name() + " posts no notification").isTrue();
      }
    }
  }
}
