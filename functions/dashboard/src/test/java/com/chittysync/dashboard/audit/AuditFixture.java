package com.chittysync.dashboard.audit;

import com.chittysync.audit.CosignatureVerifier;
import com.chittysync.audit.Cosigner;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.testing.FixedAccess;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import com.chittysync.web.http.WebRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A migrated throwaway database whose audit log has 40 entries (some with hostile text), a
 * checkpoint signed by {@code chittysync-demo} and cosigned by two witnesses, and a dashboard
 * serving the audit pages to a viewer.
 */
final class AuditFixture implements AutoCloseable {
  static final String XSS_SCRIPT = "<script>alert(1)</script>";
  static final String XSS_ATTR = "\"><img src=x onerror=alert(1)>";

  final TestDatabase db;
  final Database database;
  final AuditLog log;
  final NoteSigner signer = NoteSigner.generate("chittysync-demo");
  final Cosigner w1 = Cosigner.generate("witness.example/w1", new SecureRandom());
  final Cosigner w2 = Cosigner.generate("witness.example/w2", new SecureRandom());
  final UUID plan = UUID.fromString("0b7f3c1e-6a55-4f4e-9a3e-2f1d5c6b7a80");
  final AuditKeys keys;
  final Dashboard dashboard;
  StoredCheckpoint checkpoint;

  AuditFixture() {
    this(true);
  }

  AuditFixture(boolean withKeys) {
    db = TestPostgres.createDatabase();
    DatabaseSettings ds = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(ds).migrate();
    database = Database.open(ds);
    log = new AuditLog(database, Clock.systemUTC());
    keys =
        withKeys
            ? new AuditKeys(
                Optional.of(signer.verifier()),
                List.<CosignatureVerifier>of(w1.verifier(), w2.verifier()))
            : new AuditKeys(Optional.empty(), List.of());
    dashboard =
        new Dashboard(FixedAccess.viewer(), new Assets(), Set.of(new AuditRoutes(log, keys)));
  }

  /** Appends the 40 entries, signs a checkpoint and has both witnesses cosign it. */
  AuditFixture populated() {
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      records.add(
          new AuditRecord(
              "sync.op",
              "engine",
              Json.mapper()
                  .createObjectNode()
                  .put("registry", i % 2 == 0 ? "people" : "orders")
                  .put("plan_id", plan.toString())
                  .put("op_no", i)
                  .put("key", "rec-" + i)
                  .put("op", "update")));
    }
    // Entries 36-39: hostile text in the key, a value, the actor and the registry.
    records.add(
        new AuditRecord(
            "sync.op",
            "engine",
            Json.mapper()
                .createObjectNode()
                .put("registry", "people")
                .put("plan_id", plan.toString())
                .put("key", XSS_SCRIPT)
                .put("value", XSS_ATTR)));
    records.add(
        new AuditRecord(
            "operator.note", XSS_SCRIPT, Json.mapper().createObjectNode().put("note", XSS_ATTR)));
    records.add(
        new AuditRecord(
            "config.change",
            "operator:olga@laptop",
            Json.mapper().createObjectNode().put("registry", XSS_ATTR).put("key", XSS_ATTR)));
    records.add(
        new AuditRecord(
            "operator.note",
            "operator:olga@laptop",
            Json.mapper().createObjectNode().put("note", "</script><script>alert(2)</script>")));
    log.append(records);
    checkpoint = new Checkpointer(database, signer, signer.name()).checkpoint();
    String body = checkpoint.parsedNote().text();
    Checkpointer.storeCosignature(database, checkpoint.size(), w1.cosign(body, 1_767_225_600L));
    Checkpointer.storeCosignature(database, checkpoint.size(), w2.cosign(body, 1_767_225_660L));
    checkpoint = log.latestCheckpoint().orElseThrow();
    return this;
  }

  /** {@code GET path} as a browser asks (HTML). */
  Reply get(String path) {
    return dashboard.handle(request(path, "text/html"));
  }

  /** {@code GET path} asking for JSON. */
  Reply getJson(String path) {
    return dashboard.handle(request(path, "application/json"));
  }

  static WebRequest request(String pathAndQuery, String accept) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : pathAndQuery.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return new WebRequest(
        "GET", path, Map.of("accept", accept), Map.of(), query, Map.of(), "", Map.of());
  }

  @Override
  public void close() {
    database.close();
    db.close();
  }
}
