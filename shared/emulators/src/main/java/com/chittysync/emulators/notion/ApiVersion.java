package com.chittysync.emulators.notion;

import java.util.regex.Pattern;

/** The two response shapes the emulator speaks, chosen by the {@code Notion-Version} header. */
enum ApiVersion {
  /** 2022-06-28 and older: databases hold the schema and rows directly. */
  LEGACY,
  /** 2025-09-03 and newer: databases contain data sources. */
  DATA_SOURCES;

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The shape for a header value; missing or malformed values are 400s as in Notion. */
  static ApiVersion parse(String header) {
    if (header == null || header.isBlank()) {
      throw new NotionError(
          400,
          "missing_version",
          "Notion-Version header failed validation: Notion-Version header should be defined,"
              + " instead was `undefined`.");
    }
    String v = header.trim();
    if (!DATE.matcher(v).matches()) {
      throw NotionError.validation(
          "Notion-Version header failed validation: Notion-Version header should be a valid"
              + " version, instead was `"
              + v
              + "`.");
    }
    return v.compareTo("2025-09-03") >= 0 ? DATA_SOURCES : LEGACY;
  }
}
