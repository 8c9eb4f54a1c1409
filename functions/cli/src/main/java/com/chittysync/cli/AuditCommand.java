package com.chittysync.cli;

import com.chittysync.audit.CosignatureVerifier;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.audit.log.AppendedEntry;
import com.chittysync.audit.log.AuditJson;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.AuditVerifier;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.audit.log.DatabaseLogSource;
import com.chittysync.audit.log.LogSource;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.audit.log.VerificationReport;
import com.chittysync.audit.log.Witness;
import com.chittysync.audit.log.WitnessState;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync audit}: the tamper-evident audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Append to, checkpoint, prove, witness and verify the audit log.",
    subcommands = {
      AuditCommand.Append.class,
      AuditCommand.CheckpointCmd.class,
      AuditCommand.Export.class,
      AuditCommand.Prove.class,
      AuditCommand.ProveValue.class,
      AuditCommand.Consistency.class,
      AuditCommand.WitnessCmd.class,
      AuditCommand.Verify.class
    })
final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  static void printJson(CommandSpec spec, JsonNode json) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json.toString());
    out.flush();
  }

  /**
   * {@code --token}: the bearer token itself, or {@code @FILE} holding it (so it stays out of the
   * process list and shell history); never echoed.
   */
  static Optional<Secret> token(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String token = value;
    if (value.startsWith("@")) {
      Path file = Path.of(value.substring(1));
      try {
        token = Files.readString(file);
      } catch (IOException | RuntimeException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "--token: cannot read " + file + ": " + e.getClass().getSimpleName());
      }
    }
    token = token.strip();
    if (token.isEmpty()) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "--token: empty");
    }
    return Optional.of(Secret.of(token));
  }

  /** {@code --token}, shared by the commands that read a served log ({@code --url}). */
  static final class BearerToken {
    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        description =
            "With --url: the bearer token the server wants (Authorization: Bearer), or @FILE."
                + " 'chittysync serve' prints one.")
    String value;

    /** The token, if one was given. */
    Optional<Secret> secret() {
      return token(value);
    }
  }

  /** Who an operator command acts as: {@code CHITTYSYNC_ACTOR}, else the OS user and host. */
  static String operator() {
    String actor = System.getenv("CHITTYSYNC_ACTOR");
    if (actor != null && !actor.isBlank()) {
      return actor;
    }
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    return "operator:" + System.getProperty("user.name") + "@" + host;
  }

  @Command(
      name = "append",
      mixinStandardHelpOptions = true,
      description = "Append one operator entry; prints its seq and leaf hash.")
  static final class Append implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--type",
        required = true,
        description = "Entry type, dotted lower-case words, e.g. operator.note.")
    String type;

    @Option(names = "--data", required = true, description = "The entry's body, as JSON.")
    String data;

    @Override
    public Integer call() {
      JsonNode body;
      try {
        body = Json.mapper().readTree(data);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "--data is not valid JSON: " + e.getOriginalMessage());
      }
      AuditRecord record;
      try {
        record = new AuditRecord(type, operator(), body);
      } catch (IllegalArgumentException e) {
        throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "--type: " + e.getMessage());
      }
      try (CliContext ctx = CliContext.load()) {
        AppendedEntry entry = ctx.auditLog().append(List.of(record)).get(0);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("seq", entry.seq());
        out.put("leaf_hash", entry.leafHashHex());
        printJson(spec, out);
      }
      return 0;
    }
  }

  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description = "Sign a checkpoint of the current tree, store it, print the signed note.")
  static final class CheckpointCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        StoredCheckpoint checkpoint = ctx.auditSettings().checkpointer(ctx.database()).checkpoint();
        PrintWriter out = spec.commandLine().getOut();
        out.print(checkpoint.note());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Print entries as JSON Lines, {\"seq\": N, \"entry\": {...}}, where entry is exactly the",
        "object whose RFC 8785 bytes were hashed. --from is inclusive, --to exclusive (a tree size)."
      })
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--from", defaultValue = "0", description = "First seq (default 0).")
    long from;

    @Option(names = "--to", description = "Stop before this seq (default: the whole log).")
    Long to;

    @Option(
        names = "--url",
        description =
            "Export from a running server's HTTP API instead of the database, page by page.")
    String url;

    @picocli.CommandLine.Mixin BearerToken token;

    @Override
    public Integer call() throws Exception {
      if (from < 0 || (to != null && to < from)) {
        throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "need 0 <= --from <= --to");
      }
      spec.commandLine().getOut().flush();
      OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
      if (url != null) {
        new HttpLogSource(url, token.secret())
            .entries(
                from,
                to == null ? Long.MAX_VALUE : to,
                (seq, entry, leaf) -> AuditJson.writeExportLine(out, seq, entry));
        out.flush();
        return 0;
      }
      try (CliContext ctx = CliContext.load()) {
        ctx.auditLog()
            .entries(
                from,
                to == null ? Long.MAX_VALUE : to,
                (seq, entry, leaf) -> AuditJson.writeExportLine(out, seq, entry));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "prove",
      mixinStandardHelpOptions = true,
      description = "Print an inclusion proof for an entry.")
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seq", required = true, description = "The entry.")
    long seq;

    @Option(
        names = "--size",
        description = "Tree size to prove in (default: the latest checkpoint's).")
    Long size;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        AuditLog log = ctx.auditLog();
        long treeSize = size != null ? size : latestCheckpointSize(log);
        printJson(spec, AuditJson.inclusion(log.prove(seq, treeSize)));
      }
      return 0;
    }
  }

  @Command(
      name = "prove-value",
      mixinStandardHelpOptions = true,
      description = {
        "Check that sync.op entry --seq commits to a value you hold: the --side (before, after or",
        "key) of --field. Uses this deployment's commit key from the state database; entries from",
        "before keyed commitments are checked against their plain SHA-256. Exit 0 if it does, 1 if",
        "not."
      })
  static final class ProveValue implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seq", required = true, description = "The sync.op entry.")
    long seq;

    @Option(
        names = "--side",
        required = true,
        description = "before or after (a field's value), or key (the record key).")
    String side;

    @Option(names = "--field", description = "The field, for --side before or after.")
    String field;

    @Option(
        names = "--value",
        required = true,
        description = "The value as JSON: true, 42, \"ann@example.org\", null (absent).")
    String value;

    @Override
    public Integer call() {
      if (!List.of("before", "after", "key").contains(side)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--side must be before, after or key, got '" + side + "'");
      }
      if (!side.equals("key") && field == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--field is required with --side " + side);
      }
      JsonNode held;
      try {
        held = Json.mapper().readTree(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "--value is not JSON; quote a string, for example --value '\"ann@example.org\"'");
      }
      try (CliContext ctx = CliContext.load()) {
        JsonNode[] entry = {null};
        ctx.auditLog()
            .entries(seq, seq + 1, (s, bytes, leaf) -> entry[0] = Json.mapper().readTree(bytes));
        if (entry[0] == null || !entry[0].path("type").asText().equals("sync.op")) {
          throw new ChittySyncException(
              ErrorCode.AUDIT_MALFORMED, "entry " + seq + " is not a sync.op entry of this log");
        }
        JsonNode body = entry[0].get("body");
        String what = side.equals("key") ? "the record key" : "the " + side + " value of " + field;
        boolean opens;
        if (body.has("commit_key")) {
          JsonNode commitment =
              side.equals("key") ? body.get("key_hmac") : body.path(side + "_hmac").get(field);
          if (commitment == null) {
            throw new ChittySyncException(
                ErrorCode.AUDIT_MALFORMED,
                "entry "
                    + seq
                    + " commits to no "
                    + what
                    + " (it names it in clear, or not at all)");
          }
          CommitKey key = CommitKey.find(ctx.database(), body.get("commit_key").asText());
          opens =
              key.opens(
                  commitment.asText(),
                  CommitKey.opContext(body, side, side.equals("key") ? null : field),
                  held);
        } else {
          JsonNode hash = side.equals("key") ? null : body.path(side + "_sha256").get(field);
          if (hash == null) {
            throw new ChittySyncException(
                ErrorCode.AUDIT_MALFORMED, "entry " + seq + " holds no commitment to " + what);
          }
          opens = CanonicalRecord.valueHashHex(held).equals(hash.asText());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            (opens
                    ? "OK: entry " + seq + " commits to this as "
                    : "FAILED: entry " + seq + " does not commit to this as ")
                + what);
        out.flush();
        return opens ? 0 : 1;
      }
    }
  }

  static long latestCheckpointSize(AuditLog log) {
    return log.latestCheckpoint()
        .map(StoredCheckpoint::size)
        .orElseThrow(
            () ->
                new ChittySyncException(
                    ErrorCode.AUDIT_MALFORMED,
                    "there is no checkpoint yet; run 'chittysync audit checkpoint' or pass --size"));
  }

  @Command(
      name = "consistency",
      mixinStandardHelpOptions = true,
      description = "Print a consistency proof between two tree sizes.")
  static final class Consistency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--from", required = true, description = "Older tree size.")
    long from;

    @Option(names = "--to", required = true, description = "Newer tree size.")
    long to;

    @Override
    public Integer call() {
      try (CliContext ctx = CliContext.load()) {
        printJson(spec, AuditJson.consistency(ctx.auditLog().consistency(from, to)));
      }
      return 0;
    }
  }

  @Command(
      name = "witness",
      mixinStandardHelpOptions = true,
      description = {
        "Act as a witness: check the latest checkpoint's signature and its consistency with the",
        "last one this witness cosigned (kept in the state file), then cosign it."
      })
  static final class WitnessCmd implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "WITNESS_PRIVATE_KEY",
        description = "The witness's private key (PRIVATE+KEY+...), or @FILE.")
    String key;

    @Option(
        names = "--state",
        required = true,
        paramLabel = "FILE",
        description = "The witness's state file (created on first use).")
    Path state;

    @Option(
        names = "--vkey",
        description =
            "The log's verifier key (default: pinned in the state file, else from the environment).")
    String vkey;

    @Option(
        names = "--url",
        description = {
          "Check the checkpoint and consistency proof a running server publishes (its HTTP API)",
          "instead of reading them from the database; the cosignature is stored in the database."
        })
    String url;

    @picocli.CommandLine.Mixin BearerToken token;

    @Override
    public Integer call() {
      NoteSigner witnessKey = Keys.privateKey(key);
      Optional<WitnessState> previous = WitnessState.load(state);
      try (CliContext ctx = CliContext.load()) {
        NoteVerifier logKey =
            vkey != null
                ? Keys.verifier(vkey, "--vkey")
                : previous
                    .map(s -> Keys.verifier(s.logVerifierKey(), "the state file's log_vkey"))
                    .orElseGet(() -> ctx.auditSettings().requireLogKey());
        Witness.LogView view =
            url != null ? httpView(url, token.secret()) : databaseView(ctx.auditLog());
        Witness.Result result =
            new Witness(witnessKey.cosigner(), Clock.systemUTC()).cosign(view, logKey, previous);
        Checkpointer.storeCosignature(
            ctx.database(), result.checkpoint().size(), result.cosignature());
        result.state().save(state);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "cosigned %s at size %d as %s%n",
            result.checkpoint().origin(),
            result.checkpoint().size(),
            witnessKey.cosigner().verifier().verifierKey());
        out.flush();
      }
      return 0;
    }
  }

  private static Witness.LogView databaseView(AuditLog log) {
    return new Witness.LogView() {
      @Override
      public Optional<StoredCheckpoint> latestCheckpoint() {
        return log.latestCheckpoint();
      }

      @Override
      public List<byte[]> consistency(long from, long to) {
        return log.consistency(from, to).path();
      }
    };
  }

  private static Witness.LogView httpView(String url, Optional<Secret> token) {
    HttpLogSource source = new HttpLogSource(url, token);
    return new Witness.LogView() {
      @Override
      public Optional<StoredCheckpoint> latestCheckpoint() {
        return source.latestCheckpoint();
      }

      @Override
      public List<byte[]> consistency(long from, long to) {
        return source.consistency(from, to);
      }
    };
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute everything from the entries: every leaf, the root of every checkpoint, every",
        "signature and cosignature, and the witness quorum. Exit 0 if all holds, 1 otherwise."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--vkey",
        description = "The log's verifier key (default: CHITTYSYNC_LOG_VKEY or the signing key's).")
    String vkey;

    @Option(
        names = "--witness",
        paramLabel = "VKEY",
        description = "A known witness's verifier key; repeat for each.")
    List<String> witnesses = new ArrayList<>();

    @Option(
        names = "--quorum",
        paramLabel = "K",
        description =
            "Cosignatures required on the latest checkpoint (default: all --witness keys).")
    Integer quorum;

    @Option(
        names = "--url",
        description = "Verify a running server's log through its HTTP API instead of the database.")
    String url;

    @picocli.CommandLine.Mixin BearerToken token;

    @Override
    public Integer call() {
      List<NoteVerifier> known = new ArrayList<>();
      for (String w : witnesses) {
        known.add(Keys.witnessVerifier(w));
      }
      int k = quorum == null ? known.size() : quorum;
      if (k < 0 || k > known.size()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--quorum must be between 0 and the number of --witness keys (" + known.size() + ")");
      }
      try (CliContext ctx = CliContext.load()) {
        NoteVerifier logKey =
            vkey != null ? Keys.verifier(vkey, "--vkey") : ctx.auditSettings().requireLogKey();
        LogSource source =
            url != null
                ? new HttpLogSource(url, token.secret())
                : new DatabaseLogSource(ctx.database(), ctx.auditLog());
        VerificationReport report =
            new AuditVerifier(logKey, WitnessPolicy.of(k, known)).verify(source);
        PrintWriter out = spec.commandLine().getOut();
        out.println(report.summary());
        out.flush();
        return report.ok() ? 0 : 1;
      }
    }
  }

  /** Keys given on the command line. */
  static final class Keys {
    private Keys() {}

    /** {@code --key}: the key string itself, {@code @FILE} or {@code FILE}, never echoed. */
    static NoteSigner privateKey(String value) {
      return EnvelopeCommand.signingKey(value);
    }

    static NoteVerifier verifier(String value, String option) {
      try {
        return NoteVerifier.parse(value.strip());
      } catch (ChittySyncException e) {
        throw new ChittySyncException(e.code(), option + ": " + e.getMessage());
      }
    }

    /** A witness key: a cosignature (0x04) verifier key, or the same key's plain (0x01) form. */
    static NoteVerifier witnessVerifier(String value) {
      NoteVerifier v = verifier(value, "--witness");
      return v instanceof CosignatureVerifier ? v : CosignatureVerifier.of(v.name(), v.publicKey());
    }
  }
}
