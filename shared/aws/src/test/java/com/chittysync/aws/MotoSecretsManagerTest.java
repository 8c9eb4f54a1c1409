package com.chittysync.aws;

import com.chittysync.testkit.MotoServer;
import java.util.Map;

/** Secrets Manager behaviour against moto_server, which CI starts; runs everywhere. */
class MotoSecretsManagerTest extends SecretsManagerBehaviour {
  @Override
  Map<String, String> awsEnv() {
    return MotoServer.shared().env();
  }
}
