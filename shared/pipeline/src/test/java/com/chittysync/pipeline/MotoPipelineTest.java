package com.chittysync.pipeline;

import com.chittysync.testkit.MotoServer;
import java.util.Map;

/** The pipeline against moto_server's EventBridge and SQS; runs everywhere. */
class MotoPipelineTest extends PipelineBehaviour {
  @Override
  Map<String, String> awsEnv() {
    return MotoServer.shared().env();
  }
}
