package com.chittysync.pipeline;

import java.util.Map;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The pipeline against LocalStack in Docker. Skipped, with the reason "Docker is not available" in
 * the test report, where no Docker engine runs; the same logic runs against moto.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineTest extends PipelineBehaviour {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
          .withServices(EnabledService.named("events"), EnabledService.named("sqs"));

  @Override
  Map<String, String> awsEnv() {
    return Map.of(
        "AWS_ENDPOINT_URL", LOCALSTACK.getEndpoint().toString(),
        "AWS_REGION", LOCALSTACK.getRegion(),
        "AWS_ACCESS_KEY_ID", LOCALSTACK.getAccessKey(),
        "AWS_SECRET_ACCESS_KEY", LOCALSTACK.getSecretKey());
  }
}
