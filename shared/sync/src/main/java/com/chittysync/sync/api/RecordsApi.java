package com.chittysync.sync.api;

import com.chittysync.audit.log.CommitKey;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.envelope.EnvelopeException;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.engine.Write;
import com.chittysync.sync.engine.WriteRefusedException;
import com.chittysync.sync.keys.KeyRules;
import com.chittysync.sync.keys.LookAlikeKeys;
import com.chittysync.sync.keys.RecordGate;
import com.chittysync.sync.schema.RecordValidator;
import com.chittysync.sync.schema.StorableText;
import com.chittysync.sync.schema.UnicodeText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/registries/{name}/records}: a signed envelope whose payload is {@code {"upsert":
 * [records...]}} or {@code {"delete": [keys...]}}. A body over the size limit is 413; the envelope
 * verified (401 on any envelope failure), the registry looked up (404), every record checked (422
 * with the report, nothing applied: its key, text PostgreSQL cannot hold, fields no endpoint maps,
 * keys that look like others, the schema), then applied to every endpoint through the same plan and
 * journal as a sync and audited as {@code write.accepted}.
 */
public final class RecordsApi {
  private static final Logger LOG = LoggerFactory.getLogger(RecordsApi.class);

  /** The setting that caps a request body, in bytes. */
  public static final String MAX_BODY_SETTING = "CHITTYSYNC_WRITE_MAX_BODY_BYTES";

  /** The body cap when {@link #MAX_BODY_SETTING} is unset: 1 MiB, as for the Notion webhook. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /** The largest cap allowed: Lambda refuses a synchronous request over 6 MB anyway. */
  public static final int MAX_MAX_BODY_BYTES = 6 * 1024 * 1024;

  /** Where a look-alike key is held, in a 422 report: the registry's synced records. */
  private static final String SYNCED = "the registry's records";

  private final SyncService sync;
  private final EnvelopeVerifier verifier;
  private final int maxBodyBytes;

  /** The route with its body cap from {@link #MAX_BODY_SETTING}. */
  @Inject
  public RecordsApi(SyncService sync, EnvelopeVerifier verifier, Environment env) {
    this(
        sync,
        verifier,
        env.getInt(MAX_BODY_SETTING, DEFAULT_MAX_BODY_BYTES, 1024, MAX_MAX_BODY_BYTES));
  }

  /** The route with the default body cap. */
  public RecordsApi(SyncService sync, EnvelopeVerifier verifier) {
    this(sync, verifier, DEFAULT_MAX_BODY_BYTES);
  }

  /** The route refusing bodies over {@code maxBodyBytes} bytes. */
  public RecordsApi(SyncService sync, EnvelopeVerifier verifier, int maxBodyBytes) {
    this.sync = sync;
    this.verifier = verifier;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Handles one request; never throws for bad input. */
  public HttpResult post(String registryName, String body) {
    try {
      return process(registryName, body);
    } catch (ChittySyncException e) {
      HttpResult result = HttpResult.of(e);
      if (result.status() < 500) {
        return result;
      }
      // The message may quote SQL, hosts or values: it goes to the log, not to the caller.
      LOG.error("write to registry {} failed: {}", registryName, e.describe(), e);
      return HttpResult.error(
          result.status(),
          e.code(),
          "the write could not be completed; see the function's log. Sending the same envelope"
              + " again is safe: a write that was accepted is refused as replayed_nonce");
    }
  }

  private HttpResult process(String registryName, String body) {
    if (body == null || body.isBlank()) {
      return HttpResult.error(
          400, ErrorCode.MALFORMED_INPUT, "the request body must be a signed envelope");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBodyBytes) {
      return HttpResult.error(
          413,
          ErrorCode.INPUT_TOO_LARGE,
          "body of "
              + bytes.length
              + " bytes is over the "
              + maxBodyBytes
              + "-byte limit ("
              + MAX_BODY_SETTING
              + "); send fewer records per request");
    }
    // The nonce is spent only in the transaction that stores the write's plan: a request refused
    // below (unknown registry, invalid record, lease held) or cut off by a crash can be sent again
    // as it was, and a replay of one that was accepted is refused.
    EnvelopeVerifier.Unspent unspent;
    try {
      unspent = verifier.verifyUnspent(bytes);
    } catch (EnvelopeException e) {
      return rejected(e);
    }
    EnvelopeVerifier.Verified verified = unspent.verified();
    SyncConfig config = sync.config(Optional.empty());
    RegistryConfig registry;
    try {
      registry = config.registry(registryName);
    } catch (ConfigException e) {
      return HttpResult.error(404, ErrorCode.MALFORMED_INPUT, "no registry '" + registryName + "'");
    }
    JsonNode payload = verified.payload();
    Map<String, Optional<Map<String, JsonNode>>> changes = new LinkedHashMap<>();
    String problem = changes(payload, registry, changes);
    if (problem != null) {
      return HttpResult.error(400, ErrorCode.MALFORMED_INPUT, problem);
    }
    RecordValidator validator = sync.validator(config, registry.name());
    HttpResult invalid = validate(validator, registry, changes);
    if (invalid != null) {
      return invalid;
    }
    ObjectNode audit = Json.mapper().createObjectNode();
    audit.put("registry", registry.name());
    audit.put("key_id", verified.keyId());
    audit.put("nonce", verified.nonce());
    if (registry.auditKeys() == RegistryConfig.AuditKeys.COMMIT) {
      // The registry keeps its keys out of the log: the write names them only by commitment,
      // each in the context of this write (its nonce), so equal keys of two writes do not match.
      CommitKey key = sync.commitKey();
      audit.put("commitment", CommitKey.SCHEME);
      audit.put("commit_key", key.keyId());
      ArrayNode upserts = audit.putArray("upsert_hmac");
      ArrayNode deletes = audit.putArray("delete_hmac");
      changes.forEach(
          (k, change) ->
              (change.isPresent() ? upserts : deletes)
                  .add(
                      key.commit(
                          writeContext(registry.name(), verified.nonce()),
                          Json.mapper().getNodeFactory().textNode(k))));
    } else {
      ArrayNode upserts = audit.putArray("upsert");
      ArrayNode deletes = audit.putArray("delete");
      changes.forEach((key, change) -> (change.isPresent() ? upserts : deletes).add(key));
    }
    try {
      SyncEngine.Result result =
          sync.write(
              config,
              registry.name(),
              validator,
              new Write(
                  changes,
                  "key:" + verified.keyId(),
                  audit,
                  c -> {
                    verifier.spend(c, unspent);
                    return null;
                  }),
              "api write " + verified.nonce());
      ObjectNode json = Json.mapper().createObjectNode();
      json.put("registry", registry.name());
      json.put("run_id", result.runId().toString());
      json.put("plan_id", result.plan().planId().toString());
      json.put("applied", result.applied().map(a -> a.applied()).orElse(0));
      json.put("stale", result.applied().map(a -> a.stale()).orElse(0));
      json.put("failed", result.applied().map(a -> a.failed()).orElse(0));
      json.put("converged", result.converged());
      return HttpResult.json(json.toString());
    } catch (EnvelopeException e) {
      return rejected(e);
    } catch (LeaseHeldException e) {
      return HttpResult.error(
          409, ErrorCode.LEASE_HELD, e.getMessage() + "; retry shortly (the envelope is unspent)");
    } catch (WriteRefusedException e) {
      // Found by the cycle's fetch (a look-alike of a key an endpoint holds): as any 422.
      Map<String, List<RecordProblem.FieldError>> problems = new LinkedHashMap<>();
      e.invalid()
          .forEach(
              i -> problems.computeIfAbsent(i.key(), k -> new ArrayList<>()).addAll(i.errors()));
      return invalidReport(problems);
    }
  }

  private static HttpResult rejected(EnvelopeException e) {
    ObjectNode json = Json.mapper().createObjectNode();
    ObjectNode error = json.putObject("error");
    error.put("code", e.failure().code());
    error.put("message", e.getMessage());
    return new HttpResult(401, "application/json", json.toString());
  }

  /** Reads the payload into {@code changes}; returns what is wrong with it, or null. */
  private static String changes(
      JsonNode payload,
      RegistryConfig registry,
      Map<String, Optional<Map<String, JsonNode>>> changes) {
    if (payload == null
        || !payload.isObject()
        || payload.size() != 1
        || !(payload.has("upsert") || payload.has("delete"))) {
      return "the payload must be {\"upsert\": [records...]} or {\"delete\": [keys...]}";
    }
    JsonNode list = payload.has("upsert") ? payload.get("upsert") : payload.get("delete");
    if (!list.isArray() || list.isEmpty()) {
      return "the payload's list must be a non-empty array";
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (payload.has("upsert")) {
        if (!item.isObject()) {
          return "upsert[" + i + "] must be a record object";
        }
        JsonNode key = item.get(registry.key());
        if (key == null || !key.isTextual() || key.asText().isBlank()) {
          return "upsert[" + i + "] has no string key field '" + registry.key() + "'";
        }
        Map<String, JsonNode> fields = new TreeMap<>();
        item.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        if (changes.put(key.asText(), Optional.of(fields)) != null) {
          return "key '" + key.asText() + "' appears twice";
        }
      } else {
        if (!item.isTextual() || item.asText().isBlank()) {
          return "delete[" + i + "] must be a key string";
        }
        if (changes.put(item.asText(), Optional.empty()) != null) {
          return "key '" + item.asText() + "' appears twice";
        }
      }
    }
    return null;
  }

  /**
   * 422 with every error of every change, else null. A key is checked as the engine checks fetched
   * keys ({@link RecordGate}, {@link LookAlikeKeys}, against the request and the registry's synced
   * keys); an upsert's own fields for text PostgreSQL cannot hold and for fields no endpoint maps;
   * the record as it will be after the upsert against the schema.
   */
  private HttpResult validate(
      RecordValidator validator,
      RegistryConfig registry,
      Map<String, Optional<Map<String, JsonNode>>> changes) {
    Map<String, List<RecordProblem.FieldError>> problems = new LinkedHashMap<>();
    Set<String> mapped = mappedFields(registry);
    Set<String> upserts = new LinkedHashSet<>();
    changes.forEach(
        (key, change) -> {
          List<RecordProblem.FieldError> errors = new ArrayList<>();
          if (change.isEmpty()) {
            // Any other key may be deleted: that is how a look-alike synced before keys were
            // checked is removed. One PostgreSQL cannot hold is held nowhere.
            String unstorable = StorableText.problem(key);
            if (unstorable != null) {
              errors.add(
                  new RecordProblem.FieldError(
                      KeyRules.path(registry.key()),
                      "the key \"" + UnicodeText.visible(key) + "\" " + unstorable));
            }
          } else {
            errors.addAll(
                RecordGate.refusals(registry.key(), new CanonicalRecord(key, change.get())));
            errors.addAll(unmapped(registry, mapped, change.get()));
            upserts.add(key);
          }
          problems.put(key, errors);
        });
    Map<String, Set<String>> held = new LinkedHashMap<>();
    held.put("this request", upserts);
    held.put(SYNCED, sync.keys(registry.name()));
    for (LookAlikeKeys.Duplicate d : LookAlikeKeys.find(registry.key(), held)) {
      if (!d.endpoint().equals(SYNCED)) {
        problems.get(d.key()).add(d.error());
      }
    }
    Set<String> checked = new LinkedHashSet<>();
    problems.forEach(
        (key, errors) -> {
          if (errors.isEmpty() && changes.get(key).isPresent()) {
            checked.add(key);
          }
        });
    Map<String, CanonicalRecord> base = sync.base(registry.name(), checked);
    for (String key : checked) {
      CanonicalRecord after =
          base.getOrDefault(key, new CanonicalRecord(key, Map.of())).with(changes.get(key).get());
      problems.get(key).addAll(validator.validate(after));
    }
    return invalidReport(problems);
  }

  /** 422 with every key that has errors and its errors, or null when none has. */
  private static HttpResult invalidReport(Map<String, List<RecordProblem.FieldError>> problems) {
    ArrayNode invalid = Json.mapper().createArrayNode();
    problems.forEach(
        (key, errors) -> {
          if (!errors.isEmpty()) {
            ObjectNode node = invalid.addObject();
            node.put("key", StorableText.storableForm(key));
            ArrayNode list = node.putArray("errors");
            errors.forEach(e -> list.addObject().put("path", e.path()).put("message", e.message()));
          }
        });
    if (invalid.isEmpty()) {
      return null;
    }
    ObjectNode json = Json.mapper().createObjectNode();
    json.putObject("error")
        .put("code", "record.invalid")
        .put(
            "message",
            invalid.size() + " record(s) cannot be written as sent; nothing was applied");
    json.set("invalid", invalid);
    return new HttpResult(422, "application/json", json.toString());
  }

  /** The canonical fields some endpoint of {@code registry} maps; null when one maps them all. */
  private static Set<String> mappedFields(RegistryConfig registry) {
    Set<String> mapped = new HashSet<>();
    for (EndpointConfig endpoint : registry.endpoints().values()) {
      if (endpoint.fields().isEmpty()) {
        return null;
      }
      mapped.addAll(endpoint.fields().keySet());
    }
    return mapped;
  }

  /**
   * A field no endpoint maps would be kept only in the canonical record and the audit log, never
   * reaching a place people see: one set to a value is refused, naming it. Setting one to null is
   * allowed, so that a value an earlier write left there can be removed.
   */
  private static List<RecordProblem.FieldError> unmapped(
      RegistryConfig registry, Set<String> mapped, Map<String, JsonNode> fields) {
    if (mapped == null) {
      return List.of();
    }
    List<RecordProblem.FieldError> out = new ArrayList<>(0);
    fields.forEach(
        (name, value) -> {
          if (!mapped.contains(name) && value != null && !value.isNull()) {
            out.add(
                new RecordProblem.FieldError(
                    StorableText.storableForm("/" + name.replace("~", "~0").replace("/", "~1")),
                    "no endpoint of registry '"
                        + registry.name()
                        + "' maps field '"
                        + UnicodeText.visible(name)
                        + "', so it would reach no endpoint; map it in the config or leave it"
                        + " out"));
          }
        });
    return out;
  }

  /**
   * The context of a {@code write.accepted} key commitment: {@code {"scheme", "registry", "nonce",
   * "side": "write-key"}} with the key as {@code value} (docs/audit.md).
   */
  static ObjectNode writeContext(String registry, String nonce) {
    ObjectNode context = Json.mapper().createObjectNode();
    context.put("scheme", CommitKey.SCHEME);
    context.put("registry", registry);
    context.put("nonce", nonce);
    context.put("side", "write-key");
    return context;
  }
}
