package com.chittysync.dashboard.audit;

import com.chittysync.audit.Merkle;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.audit.TlogProof;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.InclusionProof;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.NotFound;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.Views;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.inject.Inject;

/**
 * The audit log's pages: {@code GET /audit} (the latest checkpoint and the entries, newest first,
 * filtered by type, registry, record key or plan), {@code GET /audit/entries/{seq}} (an entry, its
 * inclusion proof, and the page's in-browser verification), and {@code GET
 * /audit/entries/{seq}/proof} (the entry's C2SP tlog-proof, to keep or verify elsewhere). Every
 * page has its JSON twin.
 */
public final class AuditRoutes implements Routes {
  /** Entries per page. */
  public static final int PAGE = 50;

  /** The longest filter value taken (the filter columns hold at most this much). */
  public static final int MAX_FILTER = AuditLog.MAX_INDEXED_CHARS;

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  /** What to run when there is no checkpoint yet. */
  static final String NO_CHECKPOINT =
      "No checkpoint signed yet: run `chittysync audit checkpoint`.";

  private final AuditLog log;
  private final AuditKeys keys;

  @Inject
  public AuditRoutes(AuditLog log, AuditKeys keys) {
    this.log = log;
    this.keys = keys;
  }

  @Override
  public void register(Router router) {
    router.get("/audit", Router.Guard.READ, this::list);
    router.get("/audit/entries/{seq}", Router.Guard.READ, this::entry);
    router.get("/audit/entries/{seq}/proof", Router.Guard.READ, this::download);
  }

  private Reply list(Call call) {
    LogPage.Filters filters =
        new LogPage.Filters(
            filter(call, "type"),
            filter(call, "registry"),
            filter(call, "key"),
            filter(call, "plan"));
    if (!filters.type().isEmpty() && !TYPE.matcher(filters.type()).matches()) {
      throw new IllegalArgumentException(
          "type must be dotted lower-case words like sync.op, got '" + filters.type() + "'");
    }
    Optional<UUID> plan = Optional.empty();
    if (!filters.plan().isEmpty()) {
      try {
        plan = Optional.of(UUID.fromString(filters.plan()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("plan must be a plan id (a UUID)");
      }
      if (filters.plan().length() != 36) {
        throw new IllegalArgumentException("plan must be a plan id (a UUID)");
      }
    }
    Optional<Long> before =
        call.request()
            .queryParameter("before")
            .filter(s -> !s.isEmpty())
            .map(s -> seq(s, "before"));
    AuditLog.Filter filter =
        new AuditLog.Filter(
            nonEmpty(filters.type()), nonEmpty(filters.registry()), nonEmpty(filters.key()), plan);
    long size = log.head().size();
    List<AuditLog.Listed> rows = log.list(filter, before.orElse(Long.MAX_VALUE), PAGE + 1);
    Optional<Long> next = Optional.empty();
    if (rows.size() > PAGE) {
      rows = rows.subList(0, PAGE);
      next = Optional.of(rows.get(PAGE - 1).seq());
    }
    Optional<CheckpointView> checkpoint =
        log.latestCheckpoint().map(c -> CheckpointView.of(c, keys));
    LogPage page = new LogPage(checkpoint, size, List.copyOf(rows), filters, before, next);
    return Views.page(call, page, "audit/log.jte", Map.of("chrome", call.frame(), "page", page));
  }

  private Reply entry(Call call) {
    Optional<EntryView> found = find(call);
    if (found.isEmpty()) {
      return notFound(call);
    }
    EntryView v = found.get();
    return Views.page(
        call,
        v.page(),
        "audit/entry.jte",
        Map.of("chrome", call.frame(), "page", v.page(), "data", v.browserData()));
  }

  private Reply download(Call call) {
    Optional<EntryView> found = find(call);
    if (found.isEmpty()) {
      return notFound(call);
    }
    EntryPage page = found.get().page();
    if (page.tlogProof().isEmpty()) {
      throw new IllegalArgumentException(page.pending().orElse(NO_CHECKPOINT));
    }
    return new Reply(
            200,
            "text/plain; charset=utf-8",
            page.tlogProof().get().getBytes(StandardCharsets.UTF_8),
            Map.of(),
            List.of())
        .withHeader(
            "content-disposition",
            "attachment; filename=\"chittysync-entry-" + page.seq() + ".tlog-proof\"");
  }

  /** An entry's page and what its script verifies. */
  record EntryView(EntryPage page, String browserData) {}

  private Optional<EntryView> find(Call call) {
    long seq = seq(call.param("seq"), "the entry number");
    long size = log.head().size();
    if (seq >= size) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = log.entry(seq);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    byte[] canonical = bytes.get();
    JsonNode entry;
    String pretty;
    try {
      entry = Json.mapper().readTree(canonical);
      pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(entry);
    } catch (IOException e) {
      entry =
          Json.mapper().getNodeFactory().textNode(new String(canonical, StandardCharsets.UTF_8));
      pretty = entry.asText();
    }
    String leafHash = HexFormat.of().formatHex(Merkle.leafHash(canonical));
    Optional<StoredCheckpoint> latest = log.latestCheckpoint();
    Optional<CheckpointView> checkpoint = latest.map(c -> CheckpointView.of(c, keys));
    Optional<EntryPage.Proof> proof = Optional.empty();
    Optional<String> tlog = Optional.empty();
    Optional<String> pending = Optional.empty();
    if (latest.isEmpty()) {
      pending = Optional.of(NO_CHECKPOINT);
    } else if (seq >= latest.get().size()) {
      pending =
          Optional.of(
              "Entry "
                  + seq
                  + " is newer than the latest checkpoint (of "
                  + latest.get().size()
                  + " entries): it can be proved once the next checkpoint is signed"
                  + " (`chittysync audit checkpoint`).");
    } else {
      InclusionProof inclusion = log.prove(seq, latest.get().size());
      proof = Optional.of(new EntryPage.Proof(inclusion.treeSize(), inclusion.pathHex()));
      tlog =
          Optional.of(
              new TlogProof(seq, inclusion.path(), Optional.empty(), latest.get().note()).format());
    }
    EntryPage page =
        new EntryPage(
            seq,
            entry.path("type").asText(""),
            entry.path("actor").asText(""),
            entry.path("time").asText(""),
            entry,
            pretty,
            Base64.getEncoder().encodeToString(canonical),
            leafHash,
            checkpoint,
            proof,
            tlog,
            pending);
    return Optional.of(new EntryView(page, browserData(page)));
  }

  /**
   * What {@code verify.js} reads from the page: the entry's bytes, its proof and the keys. Written
   * into a {@code <script type="application/json">} element, so {@code <}, {@code >} and {@code &}
   * are escaped (JSON allows that inside strings, the only place they can occur).
   */
  String browserData(EntryPage page) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("seq", page.seq());
    data.put("entry", page.canonicalBase64());
    data.put("leafHash", page.leafHash());
    data.put("proof", page.tlogProof().orElse(null));
    data.set("logKey", keys.logKey().map(AuditRoutes::key).orElse(null));
    ArrayNode witnesses = data.putArray("witnesses");
    keys.witnesses().forEach(w -> witnesses.add(key(w)));
    try {
      return Json.mapper()
          .writeValueAsString(data)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode key(NoteVerifier v) {
    ObjectNode k = Json.mapper().createObjectNode();
    k.put("name", v.name());
    k.put("keyId", v.keyIdHex());
    k.put("publicKey", Base64.getEncoder().encodeToString(v.publicKey()));
    return k;
  }

  private Reply notFound(Call call) {
    throw new NotFound(
        "The audit log has no entry " + call.param("seq") + " (it has " + log.head().size() + ").");
  }

  private static String filter(Call call, String name) {
    String v = call.query(name, "").strip();
    if (v.length() > MAX_FILTER) {
      throw new IllegalArgumentException(
          "the " + name + " filter may be at most " + MAX_FILTER + " characters");
    }
    return v;
  }

  private static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static long seq(String s, String what) {
    if (!DIGITS.matcher(s).matches()) {
      throw new IllegalArgumentException(what + " must be a non-negative whole number");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is too large");
    }
  }
}
