package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.testkit.RepoPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code template.yaml} against the built jars and the CLI's function catalog. */
class TemplateIT {
  private static final Path ROOT = RepoPaths.root();

  private static JsonNode template() throws IOException {
    // CloudFormation's short-form tags (!Ref, !Sub) are ignored here: only literal properties are
    // read.
    return new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
  }

  private static Map<String, JsonNode> functions(JsonNode template) {
    Map<String, JsonNode> functions = new HashMap<>();
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

  @Test
  void everyHandlerNamesAClassInItsFunctionsJar() throws IOException {
    Map<String, JsonNode> functions = functions(template());
    assertThat(functions).isNotEmpty();
    for (Map.Entry<String, JsonNode> fn : functions.entrySet()) {
      Path jar = ROOT.resolve(fn.getValue().get("CodeUri").asText());
      assertThat(jar).as(fn.getKey() + " CodeUri").exists();
      String handler = fn.getValue().get("Handler").asText();
      String className =
          handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        assertThat(zip.getEntry(className.replace('.', '/') + ".class"))
            .as(fn.getKey() + " handler " + className + " in " + jar.getFileName())
            .isNotNull();
      }
    }
  }

  @Test
  void templateAndCatalogDescribeTheSameFunctionsAndRoutes() throws IOException {
    JsonNode template = template();
    assertThat(template.at("/Globals/Function/Runtime").asText()).isEqualTo("java21");
    Map<String, FunctionSpec> fromTemplate = new HashMap<>();
    for (JsonNode fn : functions(template).values()) {
      String codeUri = fn.get("CodeUri").asText();
      String name = Path.of(codeUri).getParent().getParent().getFileName().toString();
      String handler = fn.get("Handler").asText();
      List<String> routes = new ArrayList<>();
      fn.path("Events")
          .elements()
          .forEachRemaining(
              event -> {
                if (event.path("Type").asText().equals("HttpApi")) {
                  routes.add(
                      event.at("/Properties/Method").asText().toUpperCase()
                          + " "
                          + event.at("/Properties/Path").asText());
                }
              });
      fromTemplate.put(
          name, new FunctionSpec(name, handler.substring(0, handler.indexOf("::")), routes));
    }
    Map<String, FunctionSpec> catalog = new HashMap<>();
    FunctionCatalog.all().forEach(spec -> catalog.put(spec.name(), spec));
    assertThat(fromTemplate).isEqualTo(catalog);
  }

  @Test
  void cfnLintPasses() throws Exception {
    boolean required =
        Boolean.parseBoolean(System.getenv().getOrDefault("CHITTYSYNC_REQUIRE_CFN_LINT", "false"));
    Process p;
    try {
      p =
          new ProcessBuilder("cfn-lint", "template.yaml")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      if (required) {
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
    for (FunctionSpec spec : FunctionCatalog.all()) {
      Path dir = ROOT.resolve("events").resolve(spec.name());
      assertThat(dir).isDirectory();
      try (var files = Files.list(dir)) {
        assertThat(files.filter(f -> f.toString().endsWith(".json")).count())
            .as(spec.name())
            .isPositive();
      }
    }
  }
}
