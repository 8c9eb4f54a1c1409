package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Secret;
import com.chittysync.postgres.PostgresEndpointType;
import com.chittysync.sync.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config validation: every problem named by its path, before any I/O. */
class SheetsSettingsTest {
  private static final String PATH = "registries.people.endpoints.sheet";

  private static SyncConfig parse(String sheetSettings) {
    String yaml =
        "registries:\n"
            + "  people:\n"
            + "    schema: person.schema.json\n"
            + "    key: id\n"
            + "    endpoints:\n"
            + "      sheet:\n"
            + "        type: sheets\n"
            + sheetSettings
            + "      pg:\n"
            + "        type: postgres\n"
            + "        table: people\n"
            + "        fields: {id: id, name: name}\n";
    return ConfigLoader.parse(
        yaml,
        Path.of("chittysync.yaml"),
        ConfigLoader.typesOf(
            List.of(new PostgresEndpointType(null), new SheetsEndpointType(null))));
  }

  private static List<String> problems(String sheetSettings) {
    try {
      parse(sheetSettings);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  @Test
  void aCompleteConfigIsValidWithDefaults() {
    SyncConfig config =
        parse(
            "        spreadsheet_id: 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms\n"
                + "        sheet: My People\n"
                + "        fields: {id: Person ID, name: Name}\n");
    var endpoint = config.registry("people").endpoints().get("sheet");
    SheetsSettings settings =
        SheetsSettings.parse(endpoint, config.registry("people"), new ArrayList<>()).orElseThrow();
    assertThat(settings.headerRow()).isEqualTo(1);
    assertThat(settings.maxRetries()).isEqualTo(SheetsSettings.DEFAULT_MAX_RETRIES);
    assertThat(settings.managedKey()).isFalse();
    assertThat(settings.keyHeader()).isEqualTo("Person ID");
    assertThat(settings.credentials()).isEmpty();
  }

  @Test
  void theKeyMappedToTheReservedHeaderMeansTheConnectorKeepsItsOwnKeyColumn() {
    SyncConfig config =
        parse(
            "        spreadsheet_id: abc\n        sheet: People\n"
                + "        fields: {id: ChittySync key, name: Name}\n");
    var registry = config.registry("people");
    SheetsSettings settings =
        SheetsSettings.parse(registry.endpoints().get("sheet"), registry, new ArrayList<>())
            .orElseThrow();
    assertThat(settings.managedKey()).isTrue();
    assertThat(settings.keyHeader()).isEqualTo("ChittySync key");
  }

  @Test
  void missingAndUnknownSettingsAreNamed() {
    assertThat(problems("        fields: {id: ID}\n        spreadsheet: x\n"))
        .contains(
            PATH
                + ".spreadsheet_id: required: the spreadsheet to sync, the part of its URL"
                + " between /d/ and /edit",
            PATH + ".sheet: required: the tab to sync, by its title (for example Sheet1)",
            PATH
                + ".spreadsheet: unknown setting for a sheets endpoint; expected spreadsheet_id,"
                + " sheet, header_row, fields, credentials, max_retries or requests_per_minute");
  }

  @Test
  void aUrlInsteadOfAnIdShowsTheId() {
    assertThat(
            problems(
                "        spreadsheet_id: https://docs.google.com/spreadsheets/d/1Bxi_Mv-s0/edit#gid=0\n"
                    + "        sheet: S\n        fields: {id: ID}\n"))
        .containsExactly(PATH + ".spreadsheet_id: give the id only, not the URL: 1Bxi_Mv-s0");
  }

  @Test
  void headerRowAndRetriesMustBeInRange() {
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        header_row: 0\n"
                    + "        max_retries: 50\n        fields: {id: ID}\n"))
        .containsExactly(
            PATH + ".header_row: must be a whole number from 1 to 10,000,000, got 0",
            PATH + ".max_retries: must be a whole number from 0 to 20, got 50");
  }

  @Test
  void aHeaderMappedTwiceIsRefused() {
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n"
                    + "        fields: {id: ID, name: 'Name ', alias: Name}\n"))
        .containsExactly(PATH + ".fields.alias: header 'Name' is already mapped to field 'name'");
  }

  @Test
  void theManagedKeyHeaderCannotHoldAnotherField() {
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n"
                    + "        fields: {id: ID, name: ChittySync key}\n"))
        .containsExactly(
            PATH
                + ".fields.name: header 'ChittySync key' is reserved for the key column ChittySync"
                + " keeps; map the key field 'id' to it, or use another header");
  }

  @Test
  void credentialsAreCheckedForShapeWithoutEchoingThem() {
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        fields: {id: ID}\n"
                    + "        credentials: '{\"type\": \"authorized_user\", \"private_key\": \"SECRET\"}'\n"))
        .contains(
            PATH
                + ".credentials: \"type\" must be \"service_account\" (create a key for a service"
                + " account in the Google Cloud console, and use its JSON file)",
            PATH + ".credentials: the key JSON has no \"client_email\"")
        .noneMatch(p -> p.contains("SECRET"));
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        fields: {id: ID}\n"
                    + "        credentials: '{not json'\n"))
        .containsExactly(PATH + ".credentials: is not valid JSON (line 1)");
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        fields: {id: ID}\n"
                    + "        credentials: 'secretsmanager:'\n"))
        .singleElement()
        .asString()
        .startsWith(PATH + ".credentials: malformed secret reference");
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        fields: {id: ID}\n"
                    + "        credentials: {type: service_account}\n"))
        .singleElement()
        .asString()
        .startsWith(PATH + ".credentials: must be text");
    assertThat(
            problems(
                "        spreadsheet_id: abc\n        sheet: S\n        fields: {id: ID}\n"
                    + "        credentials: /etc/chittysync/sa.json\n"))
        .isEmpty();
  }

  @Test
  void aKeyFileIsLoadedAndItsAddressKnown() throws Exception {
    String json =
        TestKeys.serviceAccountJson("sync@p.iam.gserviceaccount.com", "http://127.0.0.1:1/token");
    ServiceAccountKey key = ServiceAccountKey.load(Secret.of(json), "X");
    assertThat(key.clientEmail()).isEqualTo("sync@p.iam.gserviceaccount.com");
    assertThat(key.toString()).doesNotContain("PRIVATE");
    assertThatThrownBy(
            () -> ServiceAccountKey.load(Secret.of("/no/such/key.json"), "GOOGLE_SERVICE_ACCOUNT"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "GOOGLE_SERVICE_ACCOUNT: no service-account key file /no/such/key.json");
  }
}
