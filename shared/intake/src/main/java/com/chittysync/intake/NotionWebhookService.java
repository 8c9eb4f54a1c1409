package com.chittysync.intake;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.sync.state.PendingSyncs;
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
 *   <li>the verification handshake ({@code {"verification_token": ...}}) cannot be authenticated,
 *       so its token only becomes a pending candidate ({@link WebhookHandshakes}), answered 200;
 *       once a token has verified a delivery, handshakes are refused with 403 until an operator
 *       resets, and too many of them get 429;
 *   <li>every other delivery must carry a valid {@code X-Notion-Signature} under the stored token,
 *       or, while none is stored, under a candidate, which the delivery then promotes to the stored
 *       token. Otherwise it is refused with 401 and nothing else happens;
 *   <li>event types that do not affect properties (comments, content, locks, ...) and events for
 *       data sources no registry uses answer 200 and are ignored: a 4xx would make Notion pause the
 *       subscription;
 *   <li>the event's id is claimed in the delivery log, the events are published, and only then is
 *       the claim committed. A redelivery of a committed event answers 200 and publishes nothing; a
 *       failed publish answers 500 and leaves no trace, so Notion's retry is handled afresh. A
 *       registry that already has a sync pending is not asked again: the delivery is merged into
 *       the pending sync ({@link PendingSyncs}), which the sync claims before it reads.
 * </ol>
 *
 * <p>A delivery's content is never trusted: it only ever requests a sync, which reads the current
 * data from Notion. So a forged delivery costs at most one extra read.
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

  /** The reason of the sync requests this service makes. */
  public static final String NOTION_WEBHOOK = "notion.webhook";

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
   * A signature that fails against cached tokens is retried against freshly read ones (another
   * container may have promoted a candidate), but not more often than this, so forged requests
   * cannot turn into a stream of Secrets Manager calls.
   */
  private static final Duration TOKEN_REFRESH = Duration.ofSeconds(10);

  private final VerificationTokenStore tokens;
  private final WebhookHandshakes handshakes;
  private final DeliveryLog deliveries;
  private final SyncRequestPublisher publisher;
  private final Supplier<RegistryRouter> router;

  /** Whether this container has seen the stored token marked as verified. */
  private volatile boolean marked;

  /**
   * A service storing the verified token in {@code tokens} and handshake candidates in {@code
   * handshakes}, de-duplicating with {@code deliveries} (which also records the requested syncs),
   * publishing with {@code publisher}, routing with the router {@code router} supplies (loaded on
   * first use).
   */
  public NotionWebhookService(
      VerificationTokenStore tokens,
      WebhookHandshakes handshakes,
      DeliveryLog deliveries,
      SyncRequestPublisher publisher,
      Supplier<RegistryRouter> router) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.handshakes = Objects.requireNonNull(handshakes, "handshakes");
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
    return handle(headers, rawBody, null);
  }

  /**
   * Handles one delivery from {@code sourceIp} (as API Gateway saw it; null when unknown), which a
   * handshake's candidate records for the operator.
   *
   * @param headers the request headers (names in any case)
   * @param rawBody the body exactly as received
   */
  public HttpResult handle(Map<String, String> headers, byte[] rawBody, String sourceIp) {
    try {
      return process(
          headers == null ? Map.of() : headers, rawBody == null ? new byte[0] : rawBody, sourceIp);
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

  private HttpResult process(Map<String, String> headers, byte[] body, String sourceIp) {
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
      return handshake(json, body, signature, sourceIp);
    }
    String deliveryId = json.path("id").asText(null);
    if (deliveryId != null && unstorable(deliveryId)) {
      // Recorded with the verified mark and the delivery: a database error would be retried by
      // Notion until it pauses the subscription.
      return HttpResult.error(
          400,
          ErrorCode.MALFORMED_INPUT,
          "the event's id holds a control character or a lone surrogate");
    }
    if (!verified(body, signature, deliveryId)) {
      LOG.warn(
          "notion webhook refused: {} X-Notion-Signature",
          signature == null ? "missing" : "non-matching");
      return HttpResult.error(
          401, ErrorCode.WEBHOOK_SIGNATURE_INVALID, "missing or invalid X-Notion-Signature");
    }
    return event(json);
  }

  private static boolean unstorable(String text) {
    return WebhookHandshakes.unfit(text) != null;
  }

  private static boolean isHandshake(JsonNode json) {
    return json.path("verification_token").isTextual() && !json.has("type");
  }

  private HttpResult handshake(JsonNode json, byte[] body, String signature, String sourceIp) {
    Secret token = Secret.of(json.get("verification_token").asText());
    if (token.isEmpty()) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "verification_token is empty");
    }
    if (token.reveal().length() > WebhookHandshakes.MAX_TOKEN_CHARS) {
      return HttpResult.error(
          400,
          ErrorCode.MALFORMED_INPUT,
          "verification_token is over " + WebhookHandshakes.MAX_TOKEN_CHARS + " characters");
    }
    String unfit = WebhookHandshakes.unfit(token);
    if (unfit != null) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, "verification_token " + unfit);
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
    String from = sourceIp == null ? "an unknown address" : sourceIp;
    return switch (handshakes.offer(token, sourceIp)) {
      case PENDING, ALREADY_PENDING -> {
        LOG.info(
            "notion webhook handshake from {}: its verification token is pending; list the"
                + " candidates with 'chittysync notion verification-token'",
            from);
        yield status("verification_token_pending", null);
      }
      case REFUSED_VERIFIED -> {
        LOG.warn(
            "notion webhook handshake from {} refused: a verification token has verified a"
                + " delivery; 'chittysync notion verification-token --reset' accepts handshakes"
                + " again",
            from);
        yield HttpResult.error(
            403,
            ErrorCode.WEBHOOK_HANDSHAKE_REFUSED,
            "a verification token is already in use; an operator must reset it before a new"
                + " subscription can be verified");
      }
      case REFUSED_RATE, REFUSED_FULL -> {
        LOG.warn(
            "notion webhook handshake from {} refused: too many handshakes ({} a minute, {}"
                + " pending at most)",
            from,
            WebhookHandshakes.MAX_PER_MINUTE,
            WebhookHandshakes.MAX_PENDING);
        yield HttpResult.error(
            429,
            ErrorCode.WEBHOOK_HANDSHAKE_REFUSED,
            "too many verification handshakes; retry later");
      }
    };
  }

  private boolean verified(byte[] body, String signature, String eventId) {
    if (signature == null) {
      return false;
    }
    List<Secret> current = tokens.accepted(TOKEN_CACHE);
    Optional<Secret> stored = match(current, body, signature);
    // Candidates count only while no token is stored: once one has verified a delivery, a
    // handshake token never can. They are in the database, cheap to ask, so they are asked afresh:
    // the first genuine delivery after the paste must not wait for a cache.
    if (stored.isEmpty() && current.isEmpty() && promoted(body, signature, eventId)) {
      return true;
    }
    if (stored.isEmpty() && tokens.cacheAge().compareTo(TOKEN_REFRESH) >= 0) {
      stored = match(tokens.accepted(Duration.ZERO), body, signature);
    }
    if (stored.isEmpty()) {
      return false;
    }
    return markedVerified(stored.get(), eventId);
  }

  /** Whether a candidate signed the delivery and is now the stored token. */
  private boolean promoted(byte[] body, String signature, String eventId) {
    List<Secret> candidates =
        handshakes.pending().stream().map(WebhookHandshakes.Candidate::token).toList();
    Optional<Secret> candidate = match(candidates, body, signature);
    if (candidate.isEmpty() || !handshakes.promote(candidate.get(), eventId, tokens::store)) {
      return false;
    }
    marked = true;
    LOG.info(
        "notion webhook: a pending verification token verified delivery {}; it is now stored in"
            + " secret '{}' and further handshakes are refused",
        eventId,
        tokens.secretId());
    return true;
  }

  /**
   * Makes sure the mark names the stored token that verified a delivery (a token stored before
   * handshakes were kept in the database has none); false when that token is no longer stored (an
   * operator reset it since it was cached).
   */
  private boolean markedVerified(Secret token, String eventId) {
    if (marked) {
      return true;
    }
    if (!tokens.accepted(Duration.ZERO).contains(token)) {
      return false;
    }
    handshakes.markVerified(token, eventId);
    marked = true;
    return true;
  }

  /** The token of {@code candidates} that signed {@code body}, if any. */
  private static Optional<Secret> match(List<Secret> candidates, byte[] body, String signature) {
    Secret matched = null;
    for (Secret token : candidates) {
      // No early exit: the time taken does not depend on which token matched.
      if (WebhookSignature.verify(token.reveal(), body, signature) && matched == null) {
        matched = token;
      }
    }
    return Optional.ofNullable(matched);
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
    // Stored with the delivery and published: text PostgreSQL cannot store would fail as a
    // database error, which Notion retries until it pauses the subscription.
    if (entityId != null && unstorable(entityId)) {
      LOG.warn("notion event {} refused: its entity id holds a control character", id);
      return HttpResult.error(
          400,
          ErrorCode.MALFORMED_INPUT,
          "the event's entity id holds a control character or a lone surrogate");
    }
    List<String> pages =
        entityId != null && entity.path("type").asText("").equals("page")
            ? List.of(entityId)
            : List.of();
    Optional<DeliveryLog.Claim> claim = deliveries.claim(SOURCE, id, type, entityId, registries);
    if (claim.isEmpty()) {
      LOG.info("notion event {} ({}) is a duplicate; already taken in", id, type);
      return status("duplicate", null);
    }
    List<String> requested;
    try (DeliveryLog.Claim c = claim.get()) {
      List<SyncRequested> requests = new ArrayList<>();
      for (String registry : registries) {
        requests.add(SyncRequested.byWebhook(registry, NOTION_WEBHOOK, pages, List.of(id)));
      }
      // The delivery's row and the requests commit together, on one connection.
      requested =
          c
              .requestSyncs(
                  requests,
                  r ->
                      new PendingSyncs.Request(
                          r.registry(),
                          r.reason(),
                          false,
                          Optional.empty(),
                          Optional.of(pages),
                          List.of(id)),
                  publisher::publish)
              .stream()
              .map(SyncRequested::registry)
              .toList();
      c.commit();
    }
    List<String> coalesced = registries.stream().filter(r -> !requested.contains(r)).toList();
    LOG.info(
        "notion event {} ({}): sync requested for {}; already pending for {}",
        id,
        type,
        requested,
        coalesced);
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("status", "accepted");
    requested.forEach(answer.putArray("registries")::add);
    coalesced.forEach(answer.putArray("coalesced")::add);
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
