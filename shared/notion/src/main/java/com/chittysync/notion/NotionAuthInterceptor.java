package com.chittysync.notion;

import com.chittysync.core.config.Secret;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs each request with the current bearer token and the {@code Notion-Version} spoken. When
 * Notion answers 401 it asks the {@link TokenSource} for a renewed token, once per call, and sends
 * the same request again; that second try does not count as a retry.
 */
final class NotionAuthInterceptor implements Interceptor {
  private final TokenSource tokens;

  NotionAuthInterceptor(TokenSource tokens) {
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Secret token = tokens.current();
    Response response = chain.proceed(signed(chain.request(), token));
    NotionCall call = chain.request().tag(NotionCall.class);
    if (response.code() == 401 && call != null && call.claimRenewal()) {
      // An expired OAuth access token: renew it once, then try the same request again.
      if (tokens.renew(token).isPresent()) {
        response.close();
        return chain.proceed(signed(chain.request(), tokens.current()));
      }
    }
    return response;
  }

  private static Request signed(Request request, Secret token) {
    return request
        .newBuilder()
        .header("Authorization", "Bearer " + token.reveal())
        .header("Notion-Version", NotionClient.NOTION_VERSION)
        .build();
  }
}
