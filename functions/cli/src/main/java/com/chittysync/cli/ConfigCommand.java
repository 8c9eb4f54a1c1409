package com.chittysync.cli;

import com.chittysync.audit.NoteSigner;
import com.chittysync.sync.config.ConfigSigner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chittysync config sign --key KEY FILE}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Sync configuration.",
    subcommands = {ConfigCommand.Sign.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description =
          "Write FILE.sig, a signed note over the file's SHA-256 (checked when CHITTYSYNC_REQUIRE_SIGNED_CONFIG=true).")
  static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "Private key (PRIVATE+KEY+...), @FILE or FILE.")
    String key;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      NoteSigner signer = EnvelopeCommand.signingKey(key);
      Path sig = ConfigSigner.sign(file, signer);
      spec.commandLine()
          .getOut()
          .println(
              "wrote "
                  + sig
                  + " (signed by "
                  + signer.name()
                  + ", public key "
                  + signer.publicKeyHex()
                  + ")");
      return 0;
    }
  }
}
