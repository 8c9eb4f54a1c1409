package com.chittysync.cli;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chittysync invoke <function> [--event FILE]}: runs a function's real handler in-process.
 */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Run a function's real handler in this process with a Lambda event and print its response.",
      "The event defaults to the first sample in events/<function>/."
    })
final class InvokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<function>",
      description = "One of: ${COMPLETION-CANDIDATES}",
      completionCandidates = FunctionNames.class)
  String function;

  @Option(names = "--event", paramLabel = "FILE", description = "The event JSON to invoke with.")
  Path event;

  @Override
  public Integer call() throws IOException {
    FunctionSpec fn = FunctionCatalog.get(function);
    Path file = event != null ? event : defaultEvent(fn.name());
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, "cannot read event file " + file + ": " + e.getMessage());
    }
    String response;
    try {
      response = LocalFunction.load(fn).invokeJson(json);
    } catch (ChittySyncException e) {
      throw e;
    } catch (RuntimeException e) {
      if (isParseFailure(e)) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "event file "
                + file
                + " is not a valid event for '"
                + fn.name()
                + "': "
                + e.getMessage(),
            e);
      }
      throw e;
    }
    spec.commandLine().getOut().println(response);
    return 0;
  }

  private static boolean isParseFailure(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().contains("jackson")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first sample event of {@code function}, looked for beside the working directory and the
   * jar.
   */
  static Path defaultEvent(String function) throws IOException {
    for (Path root : candidateRoots()) {
      Path dir = root.resolve("events").resolve(function);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          List<Path> samples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
          if (!samples.isEmpty()) {
            return samples.get(0);
          }
        }
      }
    }
    throw new ChittySyncException(
        ErrorCode.MALFORMED_INPUT,
        "no sample events for '" + function + "' in events/" + function + "/; pass --event FILE");
  }

  private static List<Path> candidateRoots() {
    Path cwd = Path.of("").toAbsolutePath();
    try {
      // functions/cli/target/chittysync.jar -> the repository root three levels up.
      Path jar =
          Path.of(InvokeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = jar.getParent();
      for (int i = 0; i < 3 && root != null; i++) {
        root = root.getParent();
      }
      return root == null ? List.of(cwd) : List.of(cwd, root);
    } catch (Exception e) {
      return List.of(cwd);
    }
  }

  static final class FunctionNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return FunctionCatalog.all().stream().map(FunctionSpec::name).iterator();
    }
  }
}
