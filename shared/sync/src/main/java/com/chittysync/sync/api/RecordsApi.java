package com.chittysync.sync.api;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.envelope.EnvelopeException;
import com.chittysync.envelope.EnvelopeVerifier;
import com.chittysync.sync.Record;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.config.RegistryConfig;
import com.chittysync.sync.config.SyncConfig;
import com.chittysync.sync.endpoint.RecordProblem;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.engine.Write;
import com.chittysync.sync.schema.RecordValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * {@code POST /v1/registries/{name}/records}: a signed envelope whose payload is {@code {"upsert":
 * [records...]}} or {@code {"delete": [keys...]}}. Verified (401 on any envelope failure), the
 * registry looked up (404), every record schema-validated (422 with the report, nothing applied),
 * then applied to every endpoint through the same plan and journal as a sync and audited as {@code
 * write.accepted}.
 */
public final class RecordsApi {
  private final SyncService sync;
  private final EnvelopeVerifier verifier;

  @Inject
  public RecordsApi(SyncService sync, EnvelopeVerifier verifier) {
    this.sync = sync;
    this.verifier = verifier;
  }

  /** Handles one request; never throws for bad input. */
  public HttpResult post(String registryName, String body) {
    if (body == null || body.isBlank()) {
      return HttpResult.error(
          400, ErrorCode.MALFORMED_INPUT, "the request body must be a signed envelope");
    }
    // The nonce is spent only in the transaction that stores the write's plan: a request refused
    // below (unknown registry, invalid record, lease held) or cut off by a crash can be sent again
    // as it was, and a replay of one that was accepted is refused.
    EnvelopeVerifier.Unspent unspent;
    try {
      unspent = verifier.verifyUnspent(body.getBytes(StandardCharsets.UTF_8));
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
    ArrayNode upserts = audit.putArray("upsert");
    ArrayNode deletes = audit.putArray("delete");
    changes.forEach((key, change) -> (change.isPresent() ? upserts : deletes).add(key));
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
    } catch (ChittySyncException e) {
      return HttpResult.of(e);
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

  /** 422 with every error of every record, validated as it will be after the upsert; else null. */
  private HttpResult validate(
      RecordValidator validator,
      RegistryConfig registry,
      Map<String, Optional<Map<String, JsonNode>>> changes) {
    Map<String, Record> base = sync.base(registry.name(), changes.keySet());
    ArrayNode invalid = Json.mapper().createArrayNode();
    changes.forEach(
        (key, change) -> {
          if (change.isEmpty()) {
            return;
          }
          Record after = base.getOrDefault(key, new Record(key, Map.of())).with(change.get());
          List<RecordProblem.FieldError> errors = validator.validate(after);
          if (!errors.isEmpty()) {
            ObjectNode node = invalid.addObject();
            node.put("key", key);
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
            invalid.size() + " record(s) do not match the registry's schema; nothing was applied");
    json.set("invalid", invalid);
    return new HttpResult(422, "application/json", json.toString());
  }
}
