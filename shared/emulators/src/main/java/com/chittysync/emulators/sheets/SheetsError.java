package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * An error answered in Google's JSON envelope {@code {"error":{"code","message","status"[,
 * "details"]}}}. Thrown anywhere in request handling; the router turns it into the response.
 *
 * <p>Bodies carry no legacy {@code errors[]} array: the recorded 2021–2025 responses in {@code
 * shared/reference/sheets/10-13} have none, and a client must not depend on it.
 */
final class SheetsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The made-up Cloud project number the emulator reports in quota and API errors. */
  static final String PROJECT_NUMBER = "603366585132";

  private final int code;
  private final String status;
  private final ArrayNode details;
  private final Map<String, String> headers = new TreeMap<>();

  SheetsError(int code, String status, String message) {
    this(code, status, message, null);
  }

  SheetsError(int code, String status, String message, ArrayNode details) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.details = details;
  }

  int code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }

  SheetsError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  ObjectNode body() {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", getMessage());
    error.put("status", status);
    if (details != null) {
      error.set("details", details);
    }
    return body;
  }

  /** 400 INVALID_ARGUMENT with the given message. */
  static SheetsError badRequest(String message) {
    return new SheetsError(400, "INVALID_ARGUMENT", message);
  }

  /** 400 as Google words a range it cannot read (fixture 10); also used for unknown sheets. */
  static SheetsError unableToParseRange(String range) {
    return badRequest("Unable to parse range: " + range);
  }

  /** 404 for an unknown spreadsheet (fixture 11). */
  static SheetsError notFound() {
    return new SheetsError(404, "NOT_FOUND", "Requested entity was not found.");
  }

  /** 403 when the spreadsheet is not shared with the caller's service account. */
  static SheetsError permissionDenied() {
    return new SheetsError(403, "PERMISSION_DENIED", "The caller does not have permission");
  }

  /** 401 for a missing access token. */
  static SheetsError unauthenticated() {
    return unauthenticated(false);
  }

  /**
   * 401 for a missing ({@code invalidToken} false) or an unknown or expired token. Google's {@code
   * WWW-Authenticate} then says {@code error="invalid_token"}, which is what makes the Java
   * client's {@code HttpCredentialsAdapter} refresh its token and retry.
   */
  static SheetsError unauthenticated(boolean invalidToken) {
    String challenge =
        "Bearer realm=\"https://accounts.google.com/\""
            + (invalidToken ? ", error=\"invalid_token\"" : "");
    return new SheetsError(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
                + " cookie or other valid authentication credential. See"
                + " https://developers.google.com/identity/sign-in/web/devconsole-project.")
        .withHeader("WWW-Authenticate", challenge);
  }

  /** 403 for a read-only token used to write. */
  static SheetsError insufficientScopes() {
    ArrayNode details = Json.array();
    ObjectNode info = details.addObject();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    info.put("domain", "googleapis.com");
    info.putObject("metadata")
        .put("service", "sheets.googleapis.com")
        .put("method", "google.apps.sheets.v4.SpreadsheetsService");
    return new SheetsError(
        403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", details);
  }

  /** 429 RESOURCE_EXHAUSTED exactly as recorded in fixture 12, for the read or write group. */
  static SheetsError quotaExceeded(boolean write, int limit) {
    String metric = write ? "Write requests" : "Read requests";
    ArrayNode details = Json.array();
    ObjectNode info = details.addObject();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "RATE_LIMIT_EXCEEDED");
    info.put("domain", "googleapis.com");
    ObjectNode meta = info.putObject("metadata");
    meta.put("quota_limit_value", Integer.toString(limit));
    meta.put("service", "sheets.googleapis.com");
    meta.put("consumer", "projects/" + PROJECT_NUMBER);
    meta.put("quota_unit", "1/min/{project}/{user}");
    meta.put("quota_location", "global");
    meta.put("quota_metric", "sheets.googleapis.com/" + (write ? "write" : "read") + "_requests");
    meta.put(
        "quota_limit", write ? "WriteRequestsPerMinutePerUser" : "ReadRequestsPerMinutePerUser");
    ObjectNode help = details.addObject();
    help.put("@type", "type.googleapis.com/google.rpc.Help");
    help.putArray("links")
        .addObject()
        .put("description", "Request a higher quota limit.")
        .put("url", "https://cloud.google.com/docs/quotas/help/request_increase");
    return new SheetsError(
        429,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric '"
            + metric
            + "' and limit '"
            + metric
            + " per minute per user' of service 'sheets.googleapis.com' for consumer"
            + " 'project_number:"
            + PROJECT_NUMBER
            + "'.",
        details);
  }

  /** 403 SERVICE_DISABLED as recorded in fixture 13. */
  static SheetsError serviceDisabled() {
    String url =
        "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project="
            + PROJECT_NUMBER;
    ArrayNode details = Json.array();
    ObjectNode help = details.addObject();
    help.put("@type", "type.googleapis.com/google.rpc.Help");
    help.putArray("links")
        .addObject()
        .put("description", "Google developers console API activation")
        .put("url", url);
    ObjectNode info = details.addObject();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "SERVICE_DISABLED");
    info.put("domain", "googleapis.com");
    info.putObject("metadata")
        .put("consumer", "projects/" + PROJECT_NUMBER)
        .put("service", "sheets.googleapis.com");
    return new SheetsError(
        403,
        "PERMISSION_DENIED",
        "Google Sheets API has not been used in project "
            + PROJECT_NUMBER
            + " before or it is disabled. Enable it by visiting "
            + url
            + " then retry. If you enabled this API recently, wait a few minutes for the action to"
            + " propagate to our systems and retry.",
        details);
  }

  /** 400 for a bad {@code fields} mask, as Google phrases it. */
  static SheetsError badFieldMask(String path) {
    ArrayNode details = Json.array();
    ObjectNode bad = details.addObject();
    bad.put("@type", "type.googleapis.com/google.rpc.BadRequest");
    bad.putArray("fieldViolations")
        .addObject()
        .put("field", "fields")
        .put(
            "description",
            "Error expanding 'fields' parameter. Cannot find matching fields for path '"
                + path
                + "'.");
    return new SheetsError(
        400, "INVALID_ARGUMENT", "Request contains an invalid argument.", details);
  }

  /** 400 for an enum parameter with an unknown value, in Google's words. */
  static SheetsError badEnum(String field, String type, String value) {
    return badRequest(
        "Invalid value at '"
            + field
            + "' (type.googleapis.com/google.apps.sheets.v4."
            + type
            + "), \""
            + value
            + "\"");
  }

  /** The error Google answers for an injected status (used by {@link Faults}). */
  static SheetsError forStatus(int status, boolean write) {
    return switch (status) {
      case 400 -> badRequest("Request contains an invalid argument.");
      case 401 -> unauthenticated(true);
      case 403 -> permissionDenied();
      case 404 -> notFound();
      case 409 -> new SheetsError(409, "ABORTED", "The operation was aborted.");
      case 429 -> quotaExceeded(write, 60);
      case 500 -> new SheetsError(500, "INTERNAL", "Internal error encountered.");
      case 502 -> new SheetsError(502, "UNAVAILABLE", "Bad Gateway");
      case 503 -> new SheetsError(503, "UNAVAILABLE", "The service is currently unavailable.");
      case 504 -> new SheetsError(504, "DEADLINE_EXCEEDED", "The request timed out.");
      default -> new SheetsError(status, "UNKNOWN", "Injected failure.");
    };
  }
}
