package com.chittysync.emulators.lambda;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Starts a Java function as Lambda's managed Java runtime does: a fresh JVM running the runtime
 * interface client ({@value #RUNTIME_MAIN}, from {@code aws-lambda-java-runtime-interface-client})
 * with the handler as its argument, the environment variables Lambda defines, and {@code
 * AWS_LAMBDA_RUNTIME_API} pointing at a {@link RuntimeApiEmulator}.
 *
 * <p>The classpath lists the runtime's jars first, then the function's: in Lambda the runtime is on
 * the JVM's own classpath and the function is loaded by a child class loader, so the runtime's
 * copies of shared classes ({@code aws-lambda-java-core}) win in both.
 */
public final class FunctionLauncher {
  /** The runtime interface client's main class. */
  public static final String RUNTIME_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /** The {@code AWS_EXECUTION_ENV} of the managed Java 17 runtime. */
  public static final String EXECUTION_ENV = "AWS_Lambda_java17";

  private final String functionName;
  private final String handler;
  private final List<Path> classpath = new ArrayList<>();
  private final List<String> jvmFlags = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private int memoryMb = 1024;
  private Path taskRoot;
  private Path log;

  private FunctionLauncher(String functionName, String handler) {
    this.functionName = Objects.requireNonNull(functionName, "functionName");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * A launcher of {@code functionName} whose handler is {@code handler} ({@code Class::method}).
   */
  public static FunctionLauncher of(String functionName, String handler) {
    return new FunctionLauncher(functionName, handler);
  }

  /**
   * The JVM flags of Lambda's managed Java 17 runtime for a function of {@code memoryMb}: C1 only
   * ({@code -XX:TieredStopAtLevel=1}) and the serial collector, both documented as its defaults
   * ("Customize Java runtime startup behavior"), class data sharing on where available, and a heap
   * cap below the function's memory (85 %: the runtime caps it below the memory setting; the exact
   * share is ours).
   */
  public static List<String> lambdaJvmFlags(int memoryMb) {
    return List.of(
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        "-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k",
        "-Djava.net.preferIPv4Stack=true");
  }

  /** Appends {@code entries} to the classpath (runtime jars first, then the function's). */
  public FunctionLauncher classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  /** JVM flags placed before the main class. */
  public FunctionLauncher jvmFlags(List<String> flags) {
    jvmFlags.addAll(flags);
    return this;
  }

  /** The function's own environment variables (its template's {@code Environment}). */
  public FunctionLauncher env(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  /** {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}; 1024 unless set. */
  public FunctionLauncher memoryMb(int memoryMb) {
    this.memoryMb = memoryMb;
    return this;
  }

  /** {@code LAMBDA_TASK_ROOT} and the working directory; the JVM's temp dir unless set. */
  public FunctionLauncher taskRoot(Path taskRoot) {
    this.taskRoot = taskRoot;
    return this;
  }

  /** Where the process's stdout and stderr go; discarded unless set. */
  public FunctionLauncher log(Path log) {
    this.log = log;
    return this;
  }

  /** The command line: {@code java <flags> -cp <classpath> AWSLambda <handler>}. */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(
        classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(RUNTIME_MAIN);
    command.add(handler);
    return command;
  }

  /**
   * The environment of the process: only what Lambda defines for a function (reserved variables)
   * and the function's own variables, nothing inherited but {@code PATH}.
   */
  public Map<String, String> environment(RuntimeApiEmulator runtimeApi) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    vars.put("LANG", "en_US.UTF-8");
    vars.put("TZ", ":UTC");
    vars.put("_HANDLER", handler);
    vars.put("AWS_EXECUTION_ENV", EXECUTION_ENV);
    vars.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
    vars.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    vars.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    vars.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    vars.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
    vars.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]00000000000000000000000000000000");
    vars.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
    vars.put("AWS_REGION", "us-east-1");
    vars.put("AWS_DEFAULT_REGION", "us-east-1");
    vars.put("LAMBDA_TASK_ROOT", taskRoot().toString());
    vars.put("LAMBDA_RUNTIME_DIR", taskRoot().toString());
    vars.putAll(env);
    return vars;
  }

  /** Starts the function's process against {@code runtimeApi}. */
  public Process start(RuntimeApiEmulator runtimeApi) {
    ProcessBuilder pb = new ProcessBuilder(command()).directory(taskRoot().toFile());
    pb.environment().clear();
    pb.environment().putAll(environment(runtimeApi));
    pb.redirectErrorStream(true);
    if (log == null) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      pb.redirectOutput(log.toFile());
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + functionName, e);
    }
  }

  private Path taskRoot() {
    return taskRoot != null ? taskRoot : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
