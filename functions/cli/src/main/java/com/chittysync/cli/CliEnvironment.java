package com.chittysync.cli;

import com.chittysync.aws.AwsClientConfig;
import com.chittysync.aws.SecretsManagerResolver;
import com.chittysync.core.config.Environment;
import java.util.Map;

/**
 * The CLI's configuration: the process environment, with secret references resolved like a
 * function's.
 */
final class CliEnvironment {
  private CliEnvironment() {}

  static Map<String, String> raw() {
    return System.getenv();
  }

  static Environment load() {
    Map<String, String> raw = raw();
    return new Environment(raw, new SecretsManagerResolver(new AwsClientConfig(raw)));
  }
}
