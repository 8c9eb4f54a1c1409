package com.chittysync.cli;

import com.chittysync.audit.NoteSigner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chittysync keys}: Ed25519 keys for the log, witnesses and write envelopes. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage Ed25519 signing keys.",
    subcommands = {KeysCommand.Generate.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required");
  }

  /** {@code keys generate --name NAME}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Generate an Ed25519 key. Prints three lines: the private key (keep it secret, e.g. in"
            + " Secrets Manager as CHITTYSYNC_SIGNING_KEY), the verifier key (share it; for"
            + " --vkey/--witness), and the 64-hex public key (for ENGINE_PUBKEY_HEX)."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--name",
        required = true,
        description = "Key name; for a log key, its origin (no spaces or '+').")
    String name;

    @Override
    public Integer call() {
      NoteSigner signer = NoteSigner.generate(name);
      PrintWriter out = spec.commandLine().getOut();
      out.println(signer.privateKey());
      out.println(signer.verifierKey());
      out.println(signer.publicKeyHex());
      out.flush();
      return 0;
    }
  }
}
