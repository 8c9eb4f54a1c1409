package com.chittysync.web.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP client for the issuer: its discovery document, its keys and its token endpoint. Every
 * call is bounded: {@link #TIMEOUT} to connect, to read and for the whole call, and {@value
 * #MAX_BODY_BYTES} bytes of answer; redirects are not followed, so a configured URL is the only
 * place asked.
 */
final class OidcHttp {
  /** The most an answer may hold; discovery documents and key sets are a few KB. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** How long any step of a call may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final OkHttpClient client;

  OidcHttp() {
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(TIMEOUT)
            .readTimeout(TIMEOUT)
            .writeTimeout(TIMEOUT)
            .callTimeout(TIMEOUT.multipliedBy(2))
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param body the body as UTF-8 text
   */
  record Reply(int status, String body) {}

  /** {@code GET url}, asking for JSON. */
  Reply get(String url) throws IOException {
    return call(new Request.Builder().url(url).header("Accept", "application/json").get().build());
  }

  /**
   * {@code POST url} with {@code form} URL-encoded, and {@code authorization} as the {@code
   * Authorization} header when present.
   */
  Reply postForm(String url, Map<String, String> form, Optional<String> authorization)
      throws IOException {
    FormBody.Builder body = new FormBody.Builder(StandardCharsets.UTF_8);
    form.forEach(body::add);
    Request.Builder request =
        new Request.Builder().url(url).header("Accept", "application/json").post(body.build());
    authorization.ifPresent(a -> request.header("Authorization", a));
    return call(request.build());
  }

  private Reply call(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      byte[] bytes;
      if (body == null) {
        bytes = new byte[0];
      } else {
        try (InputStream in = body.byteStream()) {
          bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
      }
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException(
            "the answer of " + request.url().host() + " is over " + MAX_BODY_BYTES + " bytes");
      }
      return new Reply(response.code(), new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // OkHttp refuses a malformed URL this way.
      throw new IOException("not a URL OkHttp can call: " + e.getMessage(), e);
    }
  }
}
