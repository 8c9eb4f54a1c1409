package com.chittysync.cli;

import com.chittysync.audit.log.AppendedEntry;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.chittysync.intake.VerificationTokenStore;
import com.chittysync.intake.WebhookHandshakes;
import com.chittysync.notion.oauth.NotionOAuth;
import com.chittysync.notion.oauth.NotionTokenStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync notion}: operator tasks for the Notion integration. */
@Command(
    name = "notion",
    mixinStandardHelpOptions = true,
    description = "Notion integration tasks.",
    subcommands = {
      NotionCommand.VerificationToken.class,
      NotionCommand.OAuthUrl.class,
      NotionCommand.OAuthExchange.class,
      NotionCommand.OAuthRefresh.class
    })
final class NotionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** {@code notion verification-token [--reset] [--secret ID]}. */
  @Command(
      name = "verification-token",
      mixinStandardHelpOptions = true,
      description = {
        "List the verification tokens handshakes brought to the webhook, with when and from where"
            + " each came, to paste the one Notion sent into Notion's 'Verify subscription'"
            + " dialog. Once a delivery signed with one of them arrives, that token is kept (in"
            + " the Secrets Manager secret $"
            + VerificationTokenStore.SECRET_SETTING
            + " or --secret names) and handshakes are refused; this then says so.",
        "--reset forgets the token and every pending one, so a new subscription's handshake is"
            + " taken in; it is recorded in the audit log.",
        "Exits 1 when no handshake is pending and no token is in use."
      })
  static final class VerificationToken implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--secret",
        paramLabel = "ID",
        description =
            "Secret name or ARN; default: $" + VerificationTokenStore.SECRET_SETTING + ".")
    String secret;

    @Option(
        names = "--reset",
        description =
            "Forget the token in use and the pending ones: deliveries signed with the old token"
                + " are refused, and handshakes are taken in again. Recorded in the audit log.")
    boolean reset;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        return reset ? reset(ctx) : list(ctx);
      }
    }

    private int list(CliContext ctx) {
      WebhookHandshakes handshakes = new WebhookHandshakes(ctx.database());
      PrintWriter out = spec.commandLine().getOut();
      Optional<WebhookHandshakes.Verified> verified = handshakes.verified();
      if (verified.isPresent()) {
        WebhookHandshakes.Verified v = verified.get();
        out.println(
            "A verification token is in use: it verified a delivery at "
                + v.verifiedAt()
                + v.receivedAt().map(t -> "; its handshake came at " + t).orElse("")
                + v.sourceIp().map(ip -> " from " + ip).orElse("")
                + ". Handshakes are refused until 'chittysync notion verification-token"
                + " --reset'.");
        out.flush();
        return 0;
      }
      List<WebhookHandshakes.Candidate> pending = handshakes.pending();
      if (pending.isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "chittysync: no Notion webhook handshake is pending. Create the subscription in"
                + " Notion (its handshake to POST /webhooks/notion brings the token), or press"
                + " 'Resend token' in Notion's webhook settings, then run this again.");
        err.flush();
        return 1;
      }
      // The one place tokens are shown: on the operator's own terminal, on request. Anyone who
      // knows the URL can send a handshake, so the time and source tell Notion's apart.
      for (WebhookHandshakes.Candidate c : pending) {
        out.println(
            c.token().reveal()
                + "  received "
                + c.receivedAt()
                + " from "
                + c.sourceIp().orElse("an unknown address")
                + " (pending until "
                + c.expiresAt()
                + ")");
      }
      out.flush();
      return 0;
    }

    /** What a reset removed, and its audit entry. */
    private record ResetDone(WebhookHandshakes.Reset reset, AppendedEntry entry) {}

    private int reset(CliContext ctx) {
      String secretId =
          secret != null
              ? secret
              : ctx.env().get(VerificationTokenStore.SECRET_SETTING).orElse(null);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      ResetDone done;
      try (VerificationTokenStore store =
          new VerificationTokenStore(
              secretId, () -> aws.secretsManager(Duration.ofSeconds(20)), Clock.systemUTC())) {
        AuditLog audit = ctx.auditLog();
        done =
            ctx.database()
                .inTransaction(
                    c -> {
                      WebhookHandshakes.Reset r = WebhookHandshakes.reset(c);
                      ObjectNode body = Json.mapper().createObjectNode();
                      body.put("secret", store.secretId());
                      r.verified()
                          .ifPresent(
                              v -> {
                                body.put("token_sha256", v.tokenSha256());
                                body.put("verified_at", v.verifiedAt().toString());
                              });
                      body.put("pending_dropped", r.candidates());
                      AppendedEntry entry =
                          audit
                              .append(
                                  c,
                                  List.of(
                                      new AuditRecord(
                                          "notion.webhook_token.reset",
                                          AuditCommand.operator(),
                                          body)))
                              .get(0);
                      // Inside the transaction: if the secret cannot be cleared, nothing is reset.
                      store.clear();
                      return new ResetDone(r, entry);
                    });
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          (done.reset().verified().isPresent()
                  ? "Forgot the verification token in use"
                  : "No verification token was in use")
              + " and "
              + done.reset().candidates()
              + " pending one(s) (audit entry #"
              + done.entry().seq()
              + "). Handshakes are taken in again: create the subscription in Notion (or press"
              + " 'Resend token'), then run 'chittysync notion verification-token'.");
      out.flush();
      return 0;
    }
  }

  /** {@code notion oauth-url}. */
  @Command(
      name = "oauth-url",
      mixinStandardHelpOptions = true,
      description = {
        "Print the link that installs the public integration: open it once, in the browser you"
            + " will finish in (within 15 minutes); it leads to Notion, where you pick the pages to"
            + " share, and Notion sends that browser back to NOTION_OAUTH_REDIRECT_URI, which"
            + " stores the grant. The link is ChittySync's /oauth/notion/start beside that URI.",
        "Needs NOTION_OAUTH_CLIENT_ID, NOTION_OAUTH_CLIENT_SECRET and NOTION_OAUTH_REDIRECT_URI."
      })
  static final class OAuthUrl implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(NotionOAuth.from(CliEnvironment.load()).newStartUrl(Instant.now()));
      out.flush();
      return 0;
    }
  }

  /** {@code notion oauth-exchange --code CODE [--secret ID]}. */
  @Command(
      name = "oauth-exchange",
      mixinStandardHelpOptions = true,
      description = {
        "Exchange an authorization code (from the redirect after 'notion oauth-url') for tokens and"
            + " store the grant in the Secrets Manager secret $"
            + NotionTokenStore.SECRET_SETTING
            + " (or --secret) names. Endpoints then use"
            + " token: secretsmanager:<secret>#access_token."
      })
  static final class OAuthExchange implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--code", required = true, paramLabel = "CODE", description = "The code.")
    String code;

    @Option(names = "--secret", paramLabel = "ID", description = "Secret name or ARN.")
    String secret;

    @Override
    public Integer call() {
      Environment env = CliEnvironment.load();
      var oauth = NotionOAuth.from(env);
      var grant = oauth.exchange(code);
      String secretId = NotionTokenStore.secretId(env, secret);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      try (var sm = aws.secretsManager(Duration.ofSeconds(20))) {
        new NotionTokenStore(sm, secretId).save(grant);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "stored the Notion grant for workspace "
              + grant.workspaceName().orElse(grant.workspaceId())
              + " (bot "
              + grant.botId()
              + ") in secret "
              + secretId
              + "; use token: secretsmanager:"
              + secretId
              + "#access_token");
      out.flush();
      return 0;
    }
  }

  /** {@code notion oauth-refresh [--secret ID]}. */
  @Command(
      name = "oauth-refresh",
      mixinStandardHelpOptions = true,
      description =
          "Use the stored refresh token to get a new access token (and refresh token), and store"
              + " them. Exits 1 when the stored grant has no refresh token (a long-lived token).")
  static final class OAuthRefresh implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--secret", paramLabel = "ID", description = "Secret name or ARN.")
    String secret;

    @Override
    public Integer call() {
      Environment env = CliEnvironment.load();
      var oauth = NotionOAuth.from(env);
      String secretId = NotionTokenStore.secretId(env, secret);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      try (var sm = aws.secretsManager(Duration.ofSeconds(20))) {
        var store = new NotionTokenStore(sm, secretId);
        var stored = store.load();
        if (stored.isEmpty() || !stored.get().path("refresh_token").isTextual()) {
          PrintWriter err = spec.commandLine().getErr();
          err.println(
              "chittysync: secret "
                  + secretId
                  + " holds no refresh token; Notion issued a long-lived token, or none is stored"
                  + " ('notion oauth-exchange' stores one)");
          err.flush();
          return 1;
        }
        store.save(oauth.refresh(Secret.of(stored.get().get("refresh_token").asText())));
      }
      spec.commandLine().getOut().println("refreshed the Notion token in secret " + secretId);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
