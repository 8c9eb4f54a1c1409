package com.chittysync.intake;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/notion}: takes in Notion webhook deliveries and turns the relevant ones
 * into {@code SyncRequested} events, one per registry concerned.
 *
 * <p>In order:
 *
 * <ol>
 *   <li>a body over 1 MiB is refused with 413, a body that is not JSON with 400;
 *   <li>the verification handshake ({@code {"verification_token": ...}}) stores the token and
 *       answers 200, even when no token is stored yet (that is when it comes);
 *   <li>every other delivery must carry a valid {@code X-Notion-Signature} under a stored token, or
 *       is refused with 401 and nothing else happens;
 *   <li>event types that do not affect properties (comments, content, locks, ...) and events for
 *       data sources no registry uses answer 200 and are ignored: a 4xx would make Notion pause the
 *       subscription;
 *   <li>the event's id is claimed in the delivery log, the events are published, and only then is
 *       the claim committed. A redelivery of a committed event answers 200 and publishes nothing; a
 *       failed publish answers 500 and leaves no trace, so Notion's retry is handled afresh.
 * </ol>
 *
 * <p>Every outside call has a timeout of about two seconds so the answer comes within Notion's
 * window. Tokens never appear in logs, messages or answers.
 */
public final class NotionWebhookService {
  private static final Logger LOG = LoggerFactory.getLogger(NotionWebhookService.class);

  /** The largest body taken in. Notion's events are a few kB. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** The delivery log's {@code source} for Notion. */
  public static final String SOURCE = "notion";

  /**
   * The event types that can change a registry's properties. Content ({@code page.content_updated})
   * is not synced; database.* types are what 2022-06-28 subscriptions send instead of
   * data_source.*.
   */
  public static final Set<String> RELEVANT_TYPES =
      Set.of(
          "page.created",
          "page.properties_updated",
          "page.deleted",
          "page.undeleted",
          "page.moved",
          "data_source.content_updated",
          "data_source.schema_updated",
          "database.content_updated",
          "database.schema_updated");

  /** How long verified tokens are trusted from the cache. */
  private static final Duration TOKEN_CACHE = Duration.ofMinutes(5);

  /**
   * A signature that fails against cached tokens is retried against freshly read ones (a new
   * handshake may have reached another container), but not more often than this, so forged requests
   * cannot turn into a stream of Secrets Manager calls.
   */
  private static final Duration TOKEN_REFRESH = Duration.ofSeconds(10);

  private final VerificationTokenStore tokens;
  private final DeliveryLog deliveries;
  private final SyncRequestPublisher publisher;
  private final Supplier<RegistryRouter> router;

  /**
   * A service storing tokens in {@code tokens}, de-duplicating with {@code deliveries}, publishing
   * with {@code publisher}, routing with the router {@code router} supplies (loaded on first use).
   */
  public NotionWebhookService(
      VerificationTokenStore tokens,
      DeliveryLog deliveries,
      SyncRequestPublisher publisher,
      Supplier<RegistryRouter> router) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.router = Objects.requireNonNull(router, "router");
  }

  /**
   * Handles one delivery.
   *
   * @param headers the request headers (names in any case)
   * @param rawBody the body exactly as received
   */
  public HttpResult handle(Map<String, String> headers, byte[] rawBody) {
    try {
      return process(headers == null ? Map.of() : headers, rawBody == null ? new byte[0] : rawBody);
    } catch (ChittySyncException e) {
      // Our own failures (database, Secrets Manager, EventBridge, config): 5xx so Notion retries.
      LOG.error("notion webhook failed: {}", e.describe(), e);
      int status =
          e.code() == ErrorCode.DATABASE_UNAVAILABLE || e.code() == ErrorCode.SECRET_UNRESOLVED
              ? 503
              : 500;
      return HttpResult.error(status, e.code(), "the delivery could not be processed; retry later");
    } catch (RuntimeException e) {
      LOG.error("notion webhook failed", e);
      return HttpResult.error(500, ErrorCode.INTERNAL, "internal error; see the function's log");
    }
  }

  private HttpResult process(Map<String, String> headers, byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      return HttpResult.error(
          413,
          ErrorCode.INPUT_TOO_LARGE,
          "body of " + body.length + " bytes is over the " + MAX_BODY_BYTES + "-byte limit");
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "body is not valid JSON");
    } catch (IOException e) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "body cannot be read");
    }
    if (json == null || !json.isObject()) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "body must be a JSON object");
    }
    String signature = header(headers, WebhookSignature.HEADER);
    if (isHandshake(json)) {
      return handshake(json, body, signature);
    }
    if (!verified(body, signature)) {
      LOG.warn(
          "notion webhook refused: {} X-Notion-Signature",
          signature == null ? "missing" : "non-matching");
      return HttpResult.error(
          401, ErrorCode.WEBHOOK_SIGNATURE_INVALID, "missing or invalid X-Notion-Signature");
    }
    return event(json);
  }

  private static boolean isHandshake(JsonNode json) {
    return json.path("verification_token").isTextual() && !json.has("type");
  }

  private HttpResult handshake(JsonNode json, byte[] body, String signature) {
    Secret token = Secret.of(json.get("verification_token").asText());
    if (token.isEmpty()) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "verification_token is empty");
    }
    // Notion signs the handshake with the token it carries. That proves nothing about the sender,
    // but a signature that is present and wrong means this is not Notion's handshake.
    if (signature != null && !WebhookSignature.verify(token.reveal(), body, signature)) {
      LOG.warn("notion webhook handshake refused: its X-Notion-Signature does not match its token");
      return HttpResult.error(
          401,
          ErrorCode.WEBHOOK_SIGNATURE_INVALID,
          "X-Notion-Signature does not match the handshake");
    }
    tokens.store(token);
    LOG.info(
        "notion webhook verification token stored in secret '{}'; read it with"
            + " 'chittysync notion verification-token'",
        tokens.secretId());
    return status("verification_token_stored", null);
  }

  private boolean verified(byte[] body, String signature) {
    if (signature == null) {
      return false;
    }
    if (matches(tokens.accepted(TOKEN_CACHE), body, signature)) {
      return true;
    }
    if (tokens.cacheAge().compareTo(TOKEN_REFRESH) < 0) {
      return false;
    }
    return matches(tokens.accepted(Duration.ZERO), body, signature);
  }

  private static boolean matches(List<Secret> candidates, byte[] body, String signature) {
    boolean ok = false;
    for (Secret token : candidates) {
      // No early exit: the time taken does not depend on which token matched.
      ok |= WebhookSignature.verify(token.reveal(), body, signature);
    }
    return ok;
  }

  private HttpResult event(JsonNode json) {
    JsonNode typeNode = json.get("type");
    String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : "";
    JsonNode idNode = json.get("id");
    String id = idNode != null && idNode.isTextual() ? idNode.asText() : "";
    if (!RELEVANT_TYPES.contains(type)) {
      // Types Notion adds later land here too: never a 4xx, or Notion pauses the subscription.
      LOG.info("notion event {} ({}) ignored: type not synced", id, type);
      return status("ignored", "event type '" + type + "' does not affect synced properties");
    }
    if (id.isBlank()) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "event has no 'id'");
    }
    List<String> registries = router.get().route(json);
    if (registries.isEmpty()) {
      LOG.info("notion event {} ({}) ignored: no registry uses its data source", id, type);
      return status("ignored", "no registry uses this event's data source");
    }
    JsonNode entity = json.path("entity");
    String entityId = entity.path("id").isTextual() ? entity.path("id").asText() : null;
    List<String> pages =
        entityId != null && entity.path("type").asText("").equals("page")
            ? List.of(entityId)
            : List.of();
    Optional<DeliveryLog.Claim> claim = deliveries.claim(SOURCE, id, type, entityId, registries);
    if (claim.isEmpty()) {
      LOG.info("notion event {} ({}) is a duplicate; already taken in", id, type);
      return status("duplicate", null);
    }
    try (DeliveryLog.Claim c = claim.get()) {
      List<SyncRequest> requests = new ArrayList<>();
      for (String registry : registries) {
        requests.add(new SyncRequest(registry, SyncRequest.NOTION_WEBHOOK, pages, List.of(id)));
      }
      publisher.publish(requests);
      c.commit();
    }
    LOG.info("notion event {} ({}): sync requested for {}", id, type, registries);
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("status", "accepted");
    registries.forEach(answer.putArray("registries")::add);
    return HttpResult.json(answer.toString());
  }

  private static HttpResult status(String status, String reason) {
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("status", status);
    if (reason != null) {
      answer.put("reason", reason);
    }
    return HttpResult.json(answer.toString());
  }

  /** The value of header {@code name}, whatever the case of the names in {@code headers}. */
  static String header(Map<String, String> headers, String name) {
    String exact = headers.get(name);
    if (exact != null) {
      return exact;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }
}
