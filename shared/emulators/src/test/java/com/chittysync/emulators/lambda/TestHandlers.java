package com.chittysync.emulators.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Handlers the real runtime interface client runs in {@link RuntimeInterfaceClientTest}. */
public final class TestHandlers {
  private TestHandlers() {}

  /** Answers with its input and what the runtime told it about the invocation. */
  public static final class Echo
      implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("input", input);
      answer.put("requestId", context.getAwsRequestId());
      answer.put("functionArn", context.getInvokedFunctionArn());
      answer.put("functionName", context.getFunctionName());
      answer.put("memoryMb", context.getMemoryLimitInMB());
      answer.put("remainingMs", context.getRemainingTimeInMillis());
      answer.put("traceId", System.getProperty("com.amazonaws.xray.traceHeader"));
      return answer;
    }
  }

  /** Fails every invocation. */
  public static final class Throwing implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
      throw new IllegalStateException("refused by design");
    }
  }

  /** Cannot be constructed: its init fails. */
  public static final class BrokenInit implements RequestHandler<Map<String, Object>, String> {
    public BrokenInit() {
      throw new IllegalStateException("no database at init");
    }

    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
      return "unreachable";
    }
  }
}
