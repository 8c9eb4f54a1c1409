package com.chittysync.web.auth;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A browser as far as sign-in goes, over real HTTP: keeps cookies by name (whatever their {@code
 * Secure} attribute: the servers here are plain http on 127.0.0.1) and follows nothing by itself,
 * so tests see every redirect.
 */
final class Browser {
  /** One answer. */
  record Page(int status, String body, Map<String, List<String>> headers) {
    String location() {
      return header("location");
    }

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase());
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> setCookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }
  }

  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();
  final Map<String, String> cookies = new LinkedHashMap<>();

  Page get(String url) throws IOException {
    return send(new Request.Builder().url(url).get());
  }

  Page get(String url, Map<String, String> headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url).get();
    headers.forEach(b::header);
    return send(b);
  }

  Page post(String url, Map<String, String> headers, Map<String, String> form) throws IOException {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach(body::add);
    RequestBody rb = body.build();
    Request.Builder b = new Request.Builder().url(url).post(rb);
    headers.forEach(b::header);
    return send(b);
  }

  private Page send(Request.Builder request) throws IOException {
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    try (Response response = http.newCall(request.build()).execute()) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : response.headers().names()) {
        headers.put(name.toLowerCase(), response.headers(name));
      }
      for (String setCookie : response.headers("Set-Cookie")) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return new Page(
          response.code(), response.body() == null ? "" : response.body().string(), headers);
    }
  }
}
