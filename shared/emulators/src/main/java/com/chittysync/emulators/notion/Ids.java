package com.chittysync.emulators.notion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

/** Id helpers: Notion accepts ids with or without dashes and always answers with dashes. */
final class Ids {
  private static final Pattern UNDASHED = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern DASHED =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  // Property ids in real workspaces contain punctuation that must be URL-encoded; mixing some in
  // makes clients that forget to encode property ids fail against the emulator too.
  private static final String PROPERTY_ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789;:=@?[{}|";

  private Ids() {}

  /** A new random dashed UUID. */
  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The dashed lower-case form of a UUID given with or without dashes, or null if not a UUID. */
  static String normalize(String id) {
    if (id == null) {
      return null;
    }
    String s = id.trim();
    if (DASHED.matcher(s).matches()) {
      return s.toLowerCase(Locale.ROOT);
    }
    if (UNDASHED.matcher(s).matches()) {
      String h = s.toLowerCase(Locale.ROOT);
      return h.substring(0, 8)
          + "-"
          + h.substring(8, 12)
          + "-"
          + h.substring(12, 16)
          + "-"
          + h.substring(16, 20)
          + "-"
          + h.substring(20);
    }
    return null;
  }

  /** The id without dashes, as used in notion.so URLs. */
  static String compact(String id) {
    return id.replace("-", "");
  }

  /** A new 4-character property id, URL-encoded as Notion returns them (e.g. {@code M%3BBw}). */
  static String newPropertyId(Random random) {
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      raw.append(PROPERTY_ID_CHARS.charAt(random.nextInt(PROPERTY_ID_CHARS.length())));
    }
    return URLEncoder.encode(raw.toString(), StandardCharsets.UTF_8);
  }
}
