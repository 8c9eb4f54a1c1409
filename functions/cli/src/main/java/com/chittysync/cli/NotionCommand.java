package com.chittysync.cli;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.Secret;
import com.chittysync.intake.VerificationTokenStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
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

  /** {@code notion verification-token [--secret ID]}. */
  @Command(
      name = "verification-token",
      mixinStandardHelpOptions = true,
      description = {
        "Print the verification token Notion sent to the webhook when the subscription was"
            + " created, to paste into Notion's 'Verify subscription' dialog. It is read from the"
            + " Secrets Manager secret "
            + VerificationTokenStore.SECRET_SETTING
            + " (or --secret) names.",
        "Exits 1 when no token is stored yet."
      })
  static final class VerificationToken implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--secret",
        paramLabel = "ID",
        description =
            "Secret name or ARN; default: $" + VerificationTokenStore.SECRET_SETTING + ".")
    String secret;

    @Override
    public Integer call() {
      Environment env = CliEnvironment.load();
      String secretId =
          secret != null ? secret : env.get(VerificationTokenStore.SECRET_SETTING).orElse(null);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      Optional<Secret> token;
      try (VerificationTokenStore store =
          new VerificationTokenStore(
              secretId, () -> aws.secretsManager(Duration.ofSeconds(20)), Clock.systemUTC())) {
        token = store.current();
        if (token.isEmpty()) {
          PrintWriter err = spec.commandLine().getErr();
          err.println(
              "chittysync: no Notion webhook verification token is stored in secret '"
                  + store.secretId()
                  + "' yet. Create the subscription in Notion (its handshake to"
                  + " POST /webhooks/notion stores the token), or press 'Resend token' in"
                  + " Notion's webhook settings, then run this again.");
          err.flush();
          return 1;
        }
      }
      // The one place the token is shown: on the operator's own terminal, on request.
      PrintWriter out = spec.commandLine().getOut();
      out.println(token.get().reveal());
      out.flush();
      return 0;
    }
  }

  /** {@code notion oauth-url}. */
  @Command(
      name = "oauth-url",
      mixinStandardHelpOptions = true,
      description = {
        "Print the URL that installs the public integration: open it, pick the pages to share, and"
            + " Notion sends you back to NOTION_OAUTH_REDIRECT_URI with a code (valid 15 minutes"
            + " for this URL's state).",
        "Needs NOTION_OAUTH_CLIENT_ID, NOTION_OAUTH_CLIENT_SECRET and NOTION_OAUTH_REDIRECT_URI."
      })
  static final class OAuthUrl implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          com.chittysync.notion.oauth.NotionOAuth.from(CliEnvironment.load())
              .newAuthorizationUrl(java.time.Instant.now()));
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
            + com.chittysync.notion.oauth.NotionTokenStore.SECRET_SETTING
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
      var oauth = com.chittysync.notion.oauth.NotionOAuth.from(env);
      var grant = oauth.exchange(code);
      String secretId = com.chittysync.notion.oauth.NotionTokenStore.secretId(env, secret);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      try (var sm = aws.secretsManager(Duration.ofSeconds(20))) {
        new com.chittysync.notion.oauth.NotionTokenStore(sm, secretId).save(grant);
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
      var oauth = com.chittysync.notion.oauth.NotionOAuth.from(env);
      String secretId = com.chittysync.notion.oauth.NotionTokenStore.secretId(env, secret);
      AwsClientConfig aws = new AwsClientConfig(CliEnvironment.raw());
      try (var sm = aws.secretsManager(Duration.ofSeconds(20))) {
        var store = new com.chittysync.notion.oauth.NotionTokenStore(sm, secretId);
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
