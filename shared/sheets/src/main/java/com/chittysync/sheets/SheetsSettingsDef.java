package com.chittysync.sheets;

import com.chittysync.connect.settings.Check;
import com.chittysync.connect.settings.Setting;
import com.chittysync.connect.settings.SettingType;
import com.chittysync.connect.settings.SettingsDef;
import com.chittysync.connect.settings.Validator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The settings a {@code sheets} endpoint understands, and the checks only it makes. */
final class SheetsSettingsDef {
  private SheetsSettingsDef() {}

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern URL_ID = Pattern.compile("/spreadsheets/d/([A-Za-z0-9_-]+)");

  static final Setting<String> SPREADSHEET_ID =
      Setting.of("spreadsheet_id", SettingType.STRING)
          .required("required: the spreadsheet to sync, the part of its URL between /d/ and /edit")
          .invalid("must be a spreadsheet id (text)")
          .validator(Validator.accept(id -> !id.isBlank()))
          .validator(SheetsSettingsDef::checkSpreadsheetId)
          .doc("The spreadsheet, the part of its URL between /d/ and /edit.");

  static final Setting<String> SHEET =
      Setting.of("sheet", SettingType.STRING)
          .required("required: the tab to sync, by its title (for example Sheet1)")
          .invalid("must be the tab's title (text)")
          .validator(Validator.accept(title -> !title.isEmpty()))
          .validator(
              (title, check) -> {
                if (title.length() > 100) {
                  check.fail("a tab title has at most 100 characters");
                }
              })
          .doc("The tab's title.");

  static final Setting<Integer> HEADER_ROW =
      wholeNumber("header_row", 1, 1, 10_000_000)
          .doc("The one-based row holding the headers; data rows are below it.");

  static final Setting<Integer> MAX_RETRIES =
      wholeNumber("max_retries", SheetsSettings.DEFAULT_MAX_RETRIES, 0, 20)
          .doc("Retries of one request (or write round) after a 429, a 5xx or no answer.");

  static final Setting<Double> REQUESTS_PER_MINUTE =
      Setting.of("requests_per_minute", SettingType.DOUBLE)
          .defaultValue(SheetsSettings.DEFAULT_REQUESTS_PER_MINUTE)
          .invalid("must be a number above 0 and at most 6000")
          .validator(Validator.accept(rate -> !(rate <= 0 || rate > 6000)))
          .doc(
              "The average request rate of the service account, shared by every endpoint that"
                  + " uses it.");

  static final Setting<Map<String, String>> FIELDS =
      Setting.of("fields", SettingType.FIELDS)
          .required("required: map each canonical field to its column's header text")
          .validator(SheetsSettingsDef::checkFields)
          .doc("Each canonical field to its column's header text.");

  static final Setting<String> CREDENTIALS =
      Setting.of("credentials", SettingType.SECRET_REF)
          .invalid(
              "must be text: the service-account key JSON, a path to it, or a secretsmanager:"
                  + " reference")
          .validator(Validator.accept(value -> !value.isBlank()))
          .validator(
              Validator.secretReferenceOr(
                  (value, check) -> {
                    if (value.startsWith("{")) {
                      check.failAll(ServiceAccountKey.shapeProblems(value, check.path()));
                    }
                  }))
          .doc(
              "The service-account key JSON, a path to it, or a secretsmanager: reference;"
                  + " default GOOGLE_SERVICE_ACCOUNT.");

  static final SettingsDef DEF =
      SettingsDef.builder(SheetsEndpointType.TYPE)
          .define(SPREADSHEET_ID)
          .define(SHEET)
          .define(HEADER_ROW)
          .define(MAX_RETRIES)
          .define(REQUESTS_PER_MINUTE)
          .define(FIELDS)
          .define(CREDENTIALS)
          .documentOrder(
              "spreadsheet_id",
              "sheet",
              "header_row",
              "fields",
              "credentials",
              "max_retries",
              "requests_per_minute")
          .build();

  /**
   * Canonical field to trimmed header text, in config order, telling {@code problem} (field,
   * message) of each blank header or header already mapped.
   */
  static Map<String, String> headers(
      Map<String, String> fields, BiConsumer<String, String> problem) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> fieldByHeader = new HashMap<>();
    fields.forEach(
        (field, header) -> {
          if (header == null || header.isBlank()) {
            problem.accept(field, "must name a column header");
            return;
          }
          String trimmed = header.trim();
          String other = fieldByHeader.putIfAbsent(trimmed, field);
          if (other != null) {
            problem.accept(
                field, "header '" + trimmed + "' is already mapped to field '" + other + "'");
            return;
          }
          headers.put(field, trimmed);
        });
    return headers;
  }

  private static Setting<Integer> wholeNumber(String name, int fallback, int min, int max) {
    return Setting.of(name, SettingType.INT)
        .defaultValue(fallback)
        .invalid(
            raw ->
                "must be a whole number from "
                    + min
                    + " to "
                    + String.format("%,d", max)
                    + ", got "
                    + raw)
        .validator(Validator.range(min, max));
  }

  private static void checkSpreadsheetId(String value, Check check) {
    String id = value.trim();
    if (!ID.matcher(id).matches()) {
      Matcher inUrl = URL_ID.matcher(id);
      check.fail(
          inUrl.find()
              ? "give the id only, not the URL: " + inUrl.group(1)
              : "must be a spreadsheet id (letters, digits, '-' and '_'), the part of the"
                  + " spreadsheet's URL between /d/ and /edit");
    }
  }

  private static void checkFields(Map<String, String> fields, Check check) {
    Map<String, String> headers = headers(fields, check::failAt);
    String holder = null;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (holder == null && SheetsSettings.MANAGED_KEY_HEADER.equals(e.getValue())) {
        holder = e.getKey();
      }
    }
    String key = check.registry().key();
    if (holder != null && !holder.equals(key)) {
      check.failAt(
          holder,
          "header '"
              + SheetsSettings.MANAGED_KEY_HEADER
              + "' is reserved for the key column ChittySync keeps; map the key field '"
              + key
              + "' to it, or use another header");
    }
  }
}
