package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * An error response in Notion's envelope. Thrown anywhere in request handling; the router turns it
 * into {@code {"object":"error","status",...}}.
 */
public final class NotionError extends RuntimeException {
  private final int status;
  private final String code;
  private final ObjectNode additionalData;
  private final Map<String, String> headers = new TreeMap<>();

  /** An error with the given HTTP status, Notion error code and message. */
  public NotionError(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** An error that also carries {@code additional_data}. */
  public NotionError(int status, String code, String message, ObjectNode additionalData) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.additionalData = additionalData;
  }

  /** HTTP status. */
  public int status() {
    return status;
  }

  /** Notion error code, e.g. {@code validation_error}. */
  public String code() {
    return code;
  }

  /** Extra response headers, e.g. Retry-After. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Adds a response header and returns this error. */
  public NotionError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The error body in Notion's envelope. */
  public ObjectNode body(String requestId) {
    ObjectNode body = Json.object();
    body.put("object", "error");
    body.put("status", status);
    body.put("code", code);
    body.put("message", getMessage());
    if (additionalData != null) {
      body.set("additional_data", additionalData);
    }
    body.put("request_id", requestId);
    return body;
  }

  /** 400 validation_error with the given message. */
  public static NotionError validation(String message) {
    return new NotionError(400, "validation_error", message);
  }

  /**
   * 400 validation_error phrased like Notion's schema validator: {@code body failed validation:
   * <path> should be <expectation>, instead was <actual>.}
   */
  public static NotionError bodyValidation(String path, String expectation, String actual) {
    return validation(
        "body failed validation: "
            + path
            + " should be "
            + expectation
            + ", instead was "
            + actual
            + ".");
  }

  /** 400 validation_error for a value longer than allowed (a length or element count). */
  public static NotionError tooLong(String path, int limit, int actual) {
    return bodyValidation(path + ".length", "≤ `" + limit + "`", "`" + actual + "`");
  }

  /** 404 object_not_found in Notion's words. */
  public static NotionError notFound(String kind, String id) {
    return new NotionError(
        404,
        "object_not_found",
        "Could not find "
            + kind
            + " with ID: "
            + id
            + ". Make sure the relevant pages and databases are shared with your integration.");
  }

  /** 400 invalid_request_url. */
  public static NotionError invalidUrl() {
    return new NotionError(400, "invalid_request_url", "Invalid request URL.");
  }
}
