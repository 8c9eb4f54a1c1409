package com.chittysync.cli;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.NoteSigner;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.envelope.Envelope;
import com.chittysync.envelope.EnvelopeException;
import com.chittysync.envelope.EnvelopeSigner;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.envelope.PostgresNonceStore;
import com.chittysync.envelope.TrustedKeys;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code chittysync envelope sign|verify}: signed write envelopes from the command line. */
@Command(
    name = "envelope",
    mixinStandardHelpOptions = true,
    description = "Sign and verify signed write envelopes.",
    subcommands = {EnvelopeCommand.Sign.class, EnvelopeCommand.Verify.class})
final class EnvelopeCommand implements Runnable {
  private static final String PRIVATE_KEY_PREFIX = "PRIVATE+KEY+";

  @Spec CommandSpec spec;

  private final Supplier<Environment> environment;
  private final Supplier<InputStream> stdin;
  private final Clock clock;

  /** The command over the process environment, standard input and the system clock. */
  EnvelopeCommand() {
    this(CliEnvironment::load, () -> System.in, Clock.systemUTC());
  }

  /** For tests: environment {@code env} (no secret references), input {@code stdin}. */
  EnvelopeCommand(Map<String, String> env, InputStream stdin) {
    this(() -> Environment.of(env), () -> stdin, Clock.systemUTC());
  }

  private EnvelopeCommand(
      Supplier<Environment> environment, Supplier<InputStream> stdin, Clock clock) {
    this.environment = environment;
    this.stdin = stdin;
    this.clock = clock;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** {@code envelope sign --key KEY [--payload FILE] [--ttl SECONDS]}. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Sign a JSON payload (from --payload FILE, else standard input) into an envelope and print"
            + " it as one line of JSON: a fresh random nonce, issued_at = now.",
        "Without --ttl the envelope has no expires_at and verifiers give it 5 minutes."
      })
  static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EnvelopeCommand parent;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "PRIVATE_KEY",
        description = {
          "The signing key: the private key line 'keys generate' prints first"
              + " (PRIVATE+KEY+<name>+<keyid>+<base64>), or @FILE or FILE holding it (so the"
              + " key need not be on the command line)."
        })
    String key;

    @Option(
        names = "--payload",
        paramLabel = "FILE",
        description = "The payload JSON (any JSON value); default: standard input.")
    Path payload;

    @Option(
        names = "--ttl",
        paramLabel = "SECONDS",
        description = "Write expires_at = issued_at + SECONDS (0 to 900); default: no expires_at.")
    Integer ttlSeconds;

    @Override
    public Integer call() {
      Optional<Duration> ttl = Optional.empty();
      if (ttlSeconds != null) {
        if (ttlSeconds < 0 || ttlSeconds > Envelope.MAX_LIFETIME.toSeconds()) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--ttl must be between 0 and "
                  + Envelope.MAX_LIFETIME.toSeconds()
                  + " seconds, got "
                  + ttlSeconds);
        }
        ttl = Optional.of(Duration.ofSeconds(ttlSeconds));
      }
      EnvelopeSigner signer = new EnvelopeSigner(signingKey(key));
      JsonNode json = EnvelopeSigner.parsePayload(readPayload());
      Instant now = parent.clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Envelope envelope = signer.sign(json, now, ttl);
      PrintWriter out = spec.commandLine().getOut();
      out.println(envelope.toJson());
      out.flush();
      return 0;
    }

    private byte[] readPayload() {
      if (payload != null) {
        return readFile(payload, "payload file");
      }
      try {
        return parent.stdin.get().readAllBytes();
      } catch (IOException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "cannot read the payload from standard input: " + e);
      }
    }
  }

  /** {@code envelope verify FILE...}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Fully verify envelopes, one line per file in order: OK, or INVALID <code>: <reason>"
            + " (codes: malformed, unknown_key, bad_signature, expired, not_yet_valid,"
            + " replayed_nonce). Exit 0 when all are OK, 1 otherwise.",
        "Verification spends each envelope's nonce in the state database (DATABASE_URL), so a"
            + " second verification of one envelope is a replay. Trusted keys: ENGINE_PUBKEY_HEX."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand EnvelopeCommand parent;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Envelope files.")
    List<Path> files;

    @Override
    public Integer call() {
      // Everything that can fail the whole command fails before any nonce is spent.
      List<byte[]> envelopes = new ArrayList<>();
      for (Path file : files) {
        envelopes.add(readFile(file, "envelope file"));
      }
      Environment env = parent.environment.get();
      TrustedKeys keys = TrustedKeys.from(env);
      PrintWriter out = spec.commandLine().getOut();
      boolean allOk = true;
      try (Database database = Database.open(DatabaseSettings.from(env))) {
        database.withConnection(connection -> null);
        EnvelopeVerifier verifier =
            new EnvelopeVerifier(keys, new PostgresNonceStore(database), parent.clock);
        for (byte[] envelope : envelopes) {
          try {
            verifier.verify(envelope);
            out.println("OK");
          } catch (EnvelopeException e) {
            allOk = false;
            out.println("INVALID " + e.reason());
          }
          out.flush();
        }
      }
      return allOk ? 0 : 1;
    }
  }

  /** The signer for {@code --key}: the key string itself, {@code @FILE} or {@code FILE}. */
  static NoteSigner signingKey(String value) {
    String keyString;
    if (value.startsWith(PRIVATE_KEY_PREFIX)) {
      keyString = value.strip();
    } else {
      Path file;
      try {
        file = Path.of(value.startsWith("@") ? value.substring(1) : value);
      } catch (InvalidPathException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "--key: expected a private key (PRIVATE+KEY+...), @FILE or FILE");
      }
      if (!value.startsWith("@") && !Files.isRegularFile(file)) {
        // Not echoed: a mistyped key is still key material.
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "--key: expected a private key (PRIVATE+KEY+...), @FILE or FILE; the value is neither"
                + " a private key nor a readable file");
      }
      String text = new String(readFile(file, "key file"), StandardCharsets.UTF_8);
      keyString =
          text.lines()
              .map(String::strip)
              .filter(line -> line.startsWith(PRIVATE_KEY_PREFIX))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ChittySyncException(
                          ErrorCode.MALFORMED_INPUT,
                          "--key: key file " + file + " holds no PRIVATE+KEY+ line"));
    }
    try {
      return NoteSigner.parse(keyString);
    } catch (AuditException e) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "--key: " + e.getMessage());
    }
  }

  private static byte[] readFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, "cannot read " + what + " " + file + ": " + reason(e));
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
