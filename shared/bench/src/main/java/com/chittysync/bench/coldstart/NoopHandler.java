package com.chittysync.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor of the cold-start bench: a Java handler that does nothing but answer, alone in a jar of
 * its own with aws-lambda-java-core (see {@link FloorJar}). What a function takes beyond it is what
 * the function itself costs; the JVM, the runtime interface client and the machine are the same for
 * both.
 */
public final class NoopHandler implements RequestStreamHandler {
  private static final byte[] ANSWER =
      "{\"statusCode\":200,\"body\":\"{\\\"status\\\":\\\"noop\\\"}\"}"
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    output.write(ANSWER);
  }
}
