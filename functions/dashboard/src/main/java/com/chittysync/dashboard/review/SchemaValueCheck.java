package com.chittysync.dashboard.review;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.schema.RecordValidator;
import com.chittysync.sync.schema.StorableText;
import com.fasterxml.jackson.databind.JsonNode;
import dagger.Lazy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/**
 * Checks a typed value against the registry's JSON Schema, in the record it would land in: the last
 * synced record with the field replaced. The sync service (config, schema) is built on first use,
 * so pages that never resolve a conflict never load it.
 */
public final class SchemaValueCheck implements ValueCheck {
  private final Lazy<SyncService> sync;

  @Inject
  public SchemaValueCheck(Lazy<SyncService> sync) {
    this.sync = sync;
  }

  @Override
  public List<String> problems(String registry, String key, String field, JsonNode value) {
    SyncService service = sync.get();
    SyncConfig config = service.config(Optional.empty());
    RecordValidator validator = service.validator(config, registry);
    CanonicalRecord base = service.base(registry, Set.of(key)).get(key);
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    if (base != null) {
      base.fields().forEach(fields::put);
    }
    fields.put(field, value);
    CanonicalRecord candidate = new CanonicalRecord(key, fields);
    List<String> out = new ArrayList<>();
    StorableText.check(candidate).forEach(e -> out.add(e.path() + ": " + e.message()));
    validator.validate(candidate).forEach(e -> out.add(e.path() + ": " + e.message()));
    return out;
  }
}
