package com.chittysync.cli;

import com.chittysync.core.config.Environment;
import com.chittysync.web.auth.WebAuthSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chittysync serve}: the HTTP routes on a local port, routed as API Gateway would, with its
 * JWT authorizer emulated: each start generates a session key and tokens ({@link ServeSecrets}),
 * prints the API token for scripts, and gives the functions it serves those settings.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the functions' HTTP routes locally, routed exactly as API Gateway would.",
      "Prints a new API token each start: the audit log's entries and proofs need it as",
      "'Authorization: Bearer <token>' (audit verify --url … --token <token>), unless",
      "CHITTYSYNC_PUBLIC_AUDIT=true."
    })
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

  private ServeSecrets secrets;

  /**
   * The settings this run generated for the functions it serves: {@code CHITTYSYNC_SESSION_KEY},
   * {@code CHITTYSYNC_LOCAL_LOGIN_TOKEN} and {@code CHITTYSYNC_LOCAL_API_TOKEN}. Each function
   * whose handler has a public {@code (Map<String, String>)} constructor gets them on top of the
   * process environment. The dashboard's one-time login URL is {@code
   * http://<host>:<port>/login/local?token=<CHITTYSYNC_LOCAL_LOGIN_TOKEN>}.
   *
   * @throws IllegalStateException before {@link #call} generated them
   */
  Map<String, String> generatedEnvironment() {
    if (secrets == null) {
      throw new IllegalStateException("serve has not started");
    }
    return secrets.env();
  }

  @Override
  public Integer call() throws Exception {
    secrets = ServeSecrets.generate();
    boolean publicAudit =
        Environment.of(CliEnvironment.raw()).getBoolean(WebAuthSettings.PUBLIC_AUDIT, false);
    LocalApiGateway gateway =
        LocalApiGateway.forCatalog(secrets.apiToken(), publicAudit, generatedEnvironment());
    int bound = gateway.start(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close));
    var out = spec.commandLine().getOut();
    out.printf("chittysync serving on http://%s:%d%n", host, bound);
    out.printf(
        "Dashboard: http://%s:%d/login/local?token=%s  (one-time sign-in link)%n",
        host, bound, secrets.loginToken());
    out.println("API token for scripts (Authorization: Bearer): " + secrets.apiToken());
    if (publicAudit) {
      out.println("  (CHITTYSYNC_PUBLIC_AUDIT=true: the audit log is open without it)");
    }
    for (String route : gateway.routeKeys()) {
      out.println("  " + route);
    }
    out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
