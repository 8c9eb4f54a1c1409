package com.chittysync.cli;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.SecretsManagerResolver;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.SecretResolver;
import java.util.Map;

/**
 * The CLI's configuration: the process environment, with secret references resolved like a
 * function's.
 */
final class CliEnvironment {
  private static SecretResolver resolver;

  private CliEnvironment() {}

  static Map<String, String> raw() {
    return System.getenv();
  }

  /** The one Secrets Manager resolver of this process (secrets are fetched once). */
  static synchronized SecretResolver resolver() {
    if (resolver == null) {
      resolver = new SecretsManagerResolver(new AwsClientConfig(raw()));
    }
    return resolver;
  }

  static Environment load() {
    return new Environment(raw(), resolver());
  }
}
