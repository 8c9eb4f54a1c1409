package com.chittysync.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync serve}: the HTTP routes on a local port, routed as API Gateway would. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the functions' HTTP routes locally, routed exactly as API Gateway would.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    LocalApiGateway gateway = LocalApiGateway.forCatalog();
    int bound = gateway.start(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
    var out = spec.commandLine().getOut();
    out.printf("chittysync serving on http://%s:%d%n", host, bound);
    for (String route : gateway.routeKeys()) {
      out.println("  " + route);
    }
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
