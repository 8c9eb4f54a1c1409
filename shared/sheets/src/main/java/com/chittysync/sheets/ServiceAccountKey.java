package com.chittysync.sheets;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.sheets.v4.SheetsScopes;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Google service account's key, loaded from its JSON (given as the JSON itself or a path to it)
 * and scoped to Sheets, so that the library exchanges a signed assertion for an access token at the
 * key's {@code token_uri} (without a scope it would sign its own token and never call {@code
 * token_uri}). The private key never appears in a message or in {@link #toString()}.
 *
 * @param credentials the scoped credentials
 * @param clientEmail the account's address, which a spreadsheet must be shared with
 */
public record ServiceAccountKey(GoogleCredentials credentials, String clientEmail) {
  private static final List<String> REQUIRED =
      List.of("type", "client_email", "private_key", "private_key_id", "client_id");

  @Override
  public String toString() {
    return "ServiceAccountKey[" + clientEmail + "]";
  }

  /**
   * Problems with the shape of key JSON {@code json} (no I/O), each under {@code where}. Never
   * echoes a value.
   */
  public static List<String> shapeProblems(String json, String where) {
    List<String> problems = new ArrayList<>();
    JsonNode node;
    try {
      node = Json.mapper().readTree(json);
    } catch (IOException e) {
      problems.add(where + ": is not valid JSON (line " + line(e) + ")");
      return problems;
    }
    if (node == null || !node.isObject()) {
      problems.add(where + ": must be a JSON object, a service account's key file");
      return problems;
    }
    if (!"service_account".equals(node.path("type").asText())) {
      problems.add(
          where
              + ": \"type\" must be \"service_account\" (create a key for a service account in the"
              + " Google Cloud console, and use its JSON file)");
    }
    for (String field : REQUIRED) {
      if (!field.equals("type") && !node.path(field).isTextual()) {
        problems.add(where + ": the key JSON has no \"" + field + "\"");
      }
    }
    return problems;
  }

  /**
   * Loads the key in {@code value}: the JSON itself (it starts with {@code {}) or a path to it.
   *
   * @param where the setting it came from, for messages
   * @throws ConfigException naming {@code where} when it is not a usable key
   */
  public static ServiceAccountKey load(Secret value, String where) {
    String text = value.reveal().trim();
    String json;
    if (text.startsWith("{")) {
      json = text;
    } else {
      json = readFile(text, where);
      where = where + " (" + text + ")";
    }
    List<String> problems = shapeProblems(json, where);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    ServiceAccountCredentials credentials;
    try {
      credentials =
          ServiceAccountCredentials.fromStream(
              new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      // The library's messages name fields, never their values.
      throw new ConfigException(
          where + ": not a usable service-account key: " + firstLine(e.getMessage()));
    }
    GoogleCredentials scoped = credentials.createScoped(List.of(SheetsScopes.SPREADSHEETS));
    return new ServiceAccountKey(scoped, credentials.getClientEmail());
  }

  private static String readFile(String path, String where) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          where
              + ": no service-account key file "
              + Path.of(path).toAbsolutePath()
              + " (give the key's JSON itself, a path to it, or a secretsmanager: reference)");
    } catch (InvalidPathException e) {
      throw new ConfigException(
          where + ": neither a service-account key's JSON nor a file path (JSON starts with '{')");
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.CONFIG_INVALID,
          where + ": cannot read the service-account key file " + path + ": " + e.getMessage());
    }
  }

  private static String line(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
        && jpe.getLocation() != null) {
      return String.valueOf(jpe.getLocation().getLineNr());
    }
    return "?";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
