package com.chittysync.dashboard.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's static files, served from the classpath under versioned, immutable URLs ({@code
 * /assets/<content hash>/<name>}): a new build changes the URL, so browsers may cache for a year.
 * Each file is read and gzipped once, when the function starts.
 */
public final class Assets {
  /** Every file the pages use: htmx and uPlot (picked from their WebJars), and ours. */
  public static final List<String> FILES =
      List.of(
          "htmx.min.js",
          "uPlot.iife.min.js",
          "uPlot.min.css",
          "dashboard.css",
          "dashboard.js",
          "charts.js",
          "verify.js");

  /** One file: its bytes, gzipped bytes and versioned path. */
  public record Asset(String name, String path, String contentType, byte[] body, byte[] gzipped) {}

  private final Map<String, Asset> byName = new LinkedHashMap<>();
  private final Map<String, Asset> byPath = new LinkedHashMap<>();

  /** Reads every file of {@link #FILES} from {@code dashboard/static/} on the classpath. */
  public Assets() {
    for (String name : FILES) {
      byte[] body = read("dashboard/static/" + name);
      String version = HexFormat.of().formatHex(sha256(body), 0, 6);
      Asset asset =
          new Asset(name, "/assets/" + version + "/" + name, type(name), body, gzip(body));
      byName.put(name, asset);
      byPath.put(asset.path(), asset);
    }
  }

  /** The versioned URL path of file {@code name}. */
  public String url(String name) {
    Asset a = byName.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no asset " + name);
    }
    return a.path();
  }

  /** Every asset. */
  public List<Asset> all() {
    return List.copyOf(byName.values());
  }

  /**
   * The answer for {@code path}: the file (gzipped when {@code gzip}), or empty when there is no
   * such file or version.
   */
  public Optional<Reply> serve(String path, boolean gzip) {
    Asset a = byPath.get(path);
    if (a == null) {
      return Optional.empty();
    }
    Reply reply =
        new Reply(
            200,
            a.contentType(),
            gzip ? a.gzipped() : a.body(),
            Map.of(
                "cache-control", "public, max-age=31536000, immutable",
                "x-content-type-options", "nosniff"),
            List.of());
    return Optional.of(gzip ? reply.withHeader("content-encoding", "gzip") : reply);
  }

  private static String type(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "asset " + resource + " is missing from the jar: the build did not pick it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
