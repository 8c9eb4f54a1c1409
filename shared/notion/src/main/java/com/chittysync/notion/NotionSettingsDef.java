package com.chittysync.notion;

import com.chittysync.connect.settings.Check;
import com.chittysync.connect.settings.Setting;
import com.chittysync.connect.settings.SettingType;
import com.chittysync.connect.settings.SettingsDef;
import com.chittysync.connect.settings.Validator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The settings a {@code notion} endpoint understands, and the checks only it makes. */
final class NotionSettingsDef {
  private NotionSettingsDef() {}

  /**
   * {@code max_retries} has always taken any number that fits an int (a fraction is cut), so its
   * type is wider than {@link SettingType#INT}.
   */
  private static final SettingType<Integer> ANY_INT =
      SettingType.of(
          "integer", node -> node.canConvertToInt() ? Optional.of(node.asInt()) : Optional.empty());

  static final Setting<String> DATABASE_ID =
      Setting.of("database_id", SettingType.TEXT)
          .validator(NotionSettingsDef::checkId)
          .doc("The Notion database to sync, as in its URL (or give data_source_id).");

  static final Setting<String> DATA_SOURCE_ID =
      Setting.of("data_source_id", SettingType.TEXT)
          .validator(NotionSettingsDef::checkId)
          .doc("The data source to sync; required for a database with several.");

  static final Setting<Map<String, String>> FIELDS =
      Setting.of("fields", SettingType.FIELDS)
          .required("required: map each canonical field to its Notion property")
          .validator(NotionSettingsDef::checkFields)
          .doc("Each canonical field to its Notion property; the registry key must be mapped.");

  static final Setting<String> TOKEN =
      Setting.of("token", SettingType.TEXT)
          .doc("The API token or a secretsmanager: reference; default NOTION_API_TOKEN.");

  static final Setting<Double> REQUESTS_PER_SECOND =
      Setting.of("requests_per_second", SettingType.DOUBLE)
          .defaultValue(NotionSettings.DEFAULT_REQUESTS_PER_SECOND)
          .invalid("must be a number above 0 and at most 100")
          .validator(Validator.accept(rate -> !(rate <= 0 || rate > 100)))
          .doc("The client-side average request rate.");

  static final Setting<Integer> MAX_RETRIES =
      Setting.of("max_retries", ANY_INT)
          .defaultValue(NotionSettings.DEFAULT_MAX_RETRIES)
          .invalid("must be an integer from 0 to 20")
          .validator(Validator.range(0, 20))
          .doc("Retries of one request after a 429 or a 5xx before the op fails.");

  static final SettingsDef DEF =
      SettingsDef.builder(NotionEndpointType.TYPE)
          .define(DATABASE_ID)
          .define(DATA_SOURCE_ID)
          .requireAnyOf(
              "required: the Notion database (or data_source_id) to sync, as in its URL",
              DATABASE_ID,
              DATA_SOURCE_ID)
          .define(FIELDS)
          .define(TOKEN)
          .define(REQUESTS_PER_SECOND)
          .define(MAX_RETRIES)
          .build();

  private static void checkId(String value, Check check) {
    if (!NotionSettings.isId(value.trim())) {
      check.fail("must be a Notion id (32 hex digits, with or without dashes)");
    }
  }

  private static void checkFields(Map<String, String> fields, Check check) {
    Map<String, String> fieldByProperty = new HashMap<>();
    boolean keyMapped = false;
    String key = check.registry().key();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String field = e.getKey();
      String property = e.getValue();
      if (property == null || property.isBlank()) {
        check.failAt(field, "must name a Notion property");
        continue;
      }
      String other = fieldByProperty.putIfAbsent(property, field);
      if (other != null) {
        check.failAt(
            field, "property '" + property + "' is already mapped to field '" + other + "'");
      }
      keyMapped |= field.equals(key);
    }
    if (!keyMapped) {
      check.fail(
          "the registry key '" + key + "' must be mapped to a property (pages are matched by it)");
    }
  }
}
