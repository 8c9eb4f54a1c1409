package com.chittysync.intake;

import com.chittysync.testkit.MotoServer;
import java.util.Map;

/**
 * The webhook intake against moto_server's Secrets Manager, EventBridge and SQS; runs everywhere.
 */
class MotoWebhookIntakeTest extends WebhookIntakeBehaviour {
  @Override
  Map<String, String> awsEnv() {
    return MotoServer.shared().env();
  }
}
