package com.chittysync.emulators.notion;

import com.chittysync.emulators.EmulatorClock;
import com.chittysync.emulators.LoopbackServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A stateful, in-process emulator of the Notion REST API (versions 2025-09-03 and 2022-06-28) for
 * tests and the local sandbox. Clients point their base URL at {@link #baseUrl()} and append {@code
 * /v1/...}.
 *
 * <p>Endpoints: {@code GET /v1/databases/{id}}, {@code POST /v1/databases/{id}/query}, {@code GET
 * /v1/data_sources/{id}}, {@code PATCH /v1/data_sources/{id}}, {@code POST
 * /v1/data_sources/{id}/query}, {@code POST /v1/pages}, {@code GET|PATCH /v1/pages/{id}}, {@code
 * GET /v1/pages/{id}/properties/{property_id}}, {@code POST /v1/search}, {@code GET /v1/users/me},
 * and the OAuth endpoints {@code GET /v1/oauth/authorize}, {@code POST
 * /v1/oauth/token|introspect|revoke}.
 *
 * <p>Test-side helpers ({@link #createDatabase}, {@link #createPage}, {@link #humanEdit}, ...)
 * change state directly, without auth, rate limits or faults, acting as a human user in the Notion
 * UI; they fire webhooks like API writes do. Helpers accept page properties in Notion's WRITE shape
 * and, per property, also the READ shape (an object with {@code "type"}), which is stored as given;
 * that is how formula, rollup, unique_id or people with full user objects are set.
 *
 * <h2>Seed format ({@link #loadSeed(Path)})</h2>
 *
 * <pre>{@code
 * {
 *   "users":  [ {"object":"user","id":"<uuid>","name":"Ada","type":"person","person":{"email":"..."}} ],
 *   "tokens": [ {"token":"secret_other", "data_sources":["<data source id>"]} ],   // optional
 *   "databases": [
 *     { "id": "<uuid, optional>", "title": "Tasks",
 *       "data_sources": [
 *         { "id": "<uuid, optional>", "name": "Tasks",
 *           "properties": {                          // Notion's schema shape, request or response form
 *             "Name":   {"title": {}},
 *             "Status": {"id": "Z%3ClH", "type": "status", "status": {"options": [{"name":"Not started","color":"default"}]}},
 *             "Tags":   {"multi_select": {"options": [{"name": "a", "color": "red"}]}},
 *             "Parent": {"relation": {"data_source_id": "<uuid>", "single_property": {}}}
 *           },
 *           "pages": [
 *             { "id": "<uuid, optional>",
 *               "created_time": "2026-01-01T10:05:00.000Z", "last_edited_time": "...",   // optional
 *               "created_by": "<user id or user object>", "last_edited_by": "...",         // optional
 *               "in_trash": false, "icon": null, "cover": null,                          // optional
 *               "properties": {                      // WRITE shape, or READ shape stored as given
 *                 "Name": {"title": [{"text": {"content": "Write the docs"}}]},
 *                 "Days": {"id": "CSoE", "type": "formula", "formula": {"type": "number", "number": 5}}
 *               } } ] } ] } ]
 * }
 * }</pre>
 *
 * <p>Known deviations: pages can only live in data sources (no page or workspace parents, no
 * blocks); relations are not validated against existing pages and dual relations are not synced;
 * formulas evaluate only {@code prop("Name")}; rollups compute count/sum/average/min/max.
 */
public final class NotionEmulator implements AutoCloseable {

  private final EmulatorClock clock = EmulatorClock.wallClock();
  private final Store store = new Store(clock, new Random());
  private final ObjectRenderer renderer = new ObjectRenderer(store);
  private final Tokens tokens = new Tokens();
  private final RateLimiter limiter = new RateLimiter();
  private final Faults faults = new Faults();
  private final RequestLog log = new RequestLog();
  private final String workspaceId = Ids.newId();
  private final String integrationId = Ids.newId();
  private final String botUserId = Ids.newId();
  private final String humanUserId = Ids.newId();
  private final String defaultToken = "secret_emulator_" + Ids.compact(Ids.newId());
  private final WebhookDeliverer webhooks;
  private final OAuthServer oauth;
  private final LoopbackServer server;

  private NotionEmulator(int port) {
    ObjectNode bot = Json.object();
    bot.put("object", "user");
    bot.put("id", botUserId);
    bot.put("name", "ChittySync Emulator");
    bot.putNull("avatar_url");
    bot.put("type", "bot");
    bot.putObject("bot").putObject("owner").put("type", "workspace").put("workspace", true);
    store.addUser(bot);
    ObjectNode human = Json.object();
    human.put("object", "user");
    human.put("id", humanUserId);
    human.put("name", "Emulated Human");
    human.putNull("avatar_url");
    human.put("type", "person");
    human.putObject("person").put("email", "human@example.com");
    store.addUser(human);
    tokens.add(defaultToken, botUserId);

    webhooks = new WebhookDeliverer(clock, workspaceId, "Emulated Workspace", integrationId);
    store.addListener(webhooks::onPageEvent);
    ObjectNode owner = Json.object();
    owner.put("type", "user");
    owner.set("user", human.deepCopy());
    oauth = new OAuthServer(tokens, botUserId, workspaceId, "Emulated Workspace", owner);

    ApiHandlers api = new ApiHandlers(store, renderer, this::baseUrl);
    server =
        LoopbackServer.start(
            "notion-emulator", port, new Router(api, oauth, tokens, limiter, faults, log, clock));
  }

  /** Starts an emulator on 127.0.0.1 and a free port. */
  public static NotionEmulator start() {
    return new NotionEmulator(0);
  }

  /** Starts an emulator on 127.0.0.1:{@code port} (0 picks a free port). */
  public static NotionEmulator start(int port) {
    return new NotionEmulator(port);
  }

  /** E.g. {@code http://127.0.0.1:54321}; clients append {@code /v1/...}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The port listened on. */
  public int port() {
    return server.port();
  }

  /** Stops the server and webhook delivery. */
  @Override
  public void close() {
    server.close();
    webhooks.close();
  }

  // ---- tokens, users, workspace ----

  /** The default accepted bearer token; it sees every data source. */
  public String token() {
    return defaultToken;
  }

  /** Accepts another bearer token (acting as the same bot), seeing every data source. */
  public String addToken(String token) {
    tokens.add(token, botUserId);
    return token;
  }

  /** Restricts what a token sees to these data sources; others answer 404 object_not_found. */
  public void restrictToken(String token, String... dataSourceIds) {
    Set<String> ids = new HashSet<>();
    for (String id : dataSourceIds) {
      ids.add(Ids.normalize(id));
    }
    tokens.restrict(token, ids);
  }

  /** Stops accepting a token (401 unauthorized from then on). */
  public void revokeToken(String token) {
    tokens.revoke(token);
  }

  /**
   * The clock that stamps created/last-edited times: the wall clock's, as Notion's, unless a test
   * sets, advances or freezes it.
   */
  public EmulatorClock clock() {
    return clock;
  }

  /** The integration's bot user (author of API writes). */
  public String botUserId() {
    return botUserId;
  }

  /** The person user helpers act as. */
  public String humanUserId() {
    return humanUserId;
  }

  /** Registers a user object (shown in full in people/created_by values). */
  public void addUser(ObjectNode user) {
    store.addUser(user);
  }

  /** The emulated workspace id (in webhook events and OAuth responses). */
  public String workspaceId() {
    return workspaceId;
  }

  /** The emulated integration id (in webhook events). */
  public String integrationId() {
    return integrationId;
  }

  // ---- infrastructure knobs ----

  /** Enables a per-token token bucket: {@code perSecond} refill, {@code burst} capacity. */
  public void rateLimit(double perSecond, int burst) {
    limiter.configure(perSecond, burst, null);
  }

  /** As {@link #rateLimit(double, int)} with the {@code additional_data.rate_limit_reason}. */
  public void rateLimit(double perSecond, int burst, String reason) {
    limiter.configure(perSecond, burst, reason);
  }

  /** Disables rate limiting (the default). */
  public void rateLimitOff() {
    limiter.configure(0, 1, null);
  }

  /** Fault injection. */
  public Faults faults() {
    return faults;
  }

  /** Every request received. */
  public RequestLog requestLog() {
    return log;
  }

  /** Webhook subscriptions and deliveries. */
  public WebhookDeliverer webhooks() {
    return webhooks;
  }

  /** The OAuth authorization server. */
  public OAuthServer oauth() {
    return oauth;
  }

  // ---- schema helpers ----

  /**
   * Creates a database with one data source of the same title.
   *
   * @param properties the schema in Notion's {@code properties} shape; exactly one title
   */
  public DataSourceHandle createDatabase(String title, ObjectNode properties) {
    synchronized (store) {
      DatabaseRecord db = store.createDatabase(null, title);
      DataSourceRecord ds = store.createDataSource(null, db.id, title, properties, humanUserId);
      return new DataSourceHandle(db.id, ds.id);
    }
  }

  /** Adds another data source to a database (making it multi-source). */
  public String addDataSource(String databaseId, String name, ObjectNode properties) {
    return store.createDataSource(null, Ids.normalize(databaseId), name, properties, humanUserId)
        .id;
  }

  /** The id of a property, looked up by name. */
  public String propertyId(String dataSourceId, String propertyName) {
    synchronized (store) {
      ObjectNode c = store.dataSource(dataSourceId).property(propertyName);
      if (c == null) {
        throw new IllegalArgumentException("no property " + propertyName);
      }
      return c.get("id").asText();
    }
  }

  /** The data source object as {@code GET /v1/data_sources/{id}} returns it. */
  public ObjectNode dataSource(String dataSourceId) {
    synchronized (store) {
      return renderer.dataSource(store.dataSource(dataSourceId));
    }
  }

  /** Adds a property to a schema ({@code config} like {@code {"number":{}}}). */
  public void addProperty(String dataSourceId, String name, ObjectNode config) {
    store.addProperty(dataSourceId, name, config);
  }

  /** Renames a property. */
  public void renameProperty(String dataSourceId, String nameOrId, String newName) {
    store.renameProperty(dataSourceId, nameOrId, newName);
  }

  /** Deletes a property from a schema, with its values. */
  public void deleteProperty(String dataSourceId, String nameOrId) {
    store.deleteProperty(dataSourceId, nameOrId);
  }

  // ---- page helpers ----

  /** Creates a page as the human user; properties in WRITE (or READ) shape. Returns its id. */
  public String createPage(String dataSourceId, ObjectNode properties) {
    return createPage(dataSourceId, properties, humanUserId);
  }

  /** Creates a page as the given user. */
  public String createPage(String dataSourceId, ObjectNode properties, String authorUserId) {
    return store.createPage(dataSourceId, properties, authorUserId, true, PageSeed.NONE).id;
  }

  /** A page in the 2025-09-03 shape, untruncated (all references of every property). */
  public ObjectNode page(String pageId) {
    synchronized (store) {
      PageRecord p = store.page(pageId);
      if (p == null) {
        throw new IllegalArgumentException("no page " + pageId);
      }
      return renderer.page(p, ApiVersion.DATA_SOURCES, false, null);
    }
  }

  /** Every page of a data source in creation order, trashed ones included, untruncated. */
  public List<ObjectNode> pages(String dataSourceId) {
    synchronized (store) {
      List<ObjectNode> out = new ArrayList<>();
      for (PageRecord p : store.pagesOf(Ids.normalize(dataSourceId))) {
        out.add(renderer.page(p, ApiVersion.DATA_SOURCES, false, null));
      }
      return out;
    }
  }

  /**
   * Edits a page as the human user would in Notion: only the given properties change, {@code
   * last_edited_time} moves to the clock's minute, a webhook event fires.
   */
  public void humanEdit(String pageId, ObjectNode properties) {
    editAs(pageId, properties, humanUserId);
  }

  /** As {@link #humanEdit} acting as the given user. */
  public void editAs(String pageId, ObjectNode properties, String userId) {
    requirePage(pageId);
    store.updatePage(pageId, properties, null, null, null, userId, true);
  }

  /** Moves a page to the trash (as the human user). */
  public void trash(String pageId) {
    requirePage(pageId);
    store.updatePage(pageId, null, true, null, null, humanUserId, true);
  }

  /** Restores a page from the trash (as the human user). */
  public void restore(String pageId) {
    requirePage(pageId);
    store.updatePage(pageId, null, false, null, null, humanUserId, true);
  }

  /** Sets a page's created/last-edited times (null leaves one unchanged); fires no event. */
  public void setPageTimes(String pageId, Instant createdTime, Instant lastEditedTime) {
    requirePage(pageId);
    store.setTimes(pageId, createdTime, lastEditedTime);
  }

  private void requirePage(String pageId) {
    if (store.page(pageId) == null) {
      throw new IllegalArgumentException("no page " + pageId);
    }
  }

  // ---- seeds ----

  /** Loads a seed file (format in the class documentation). */
  public void loadSeed(Path file) {
    try {
      loadSeed(Json.MAPPER.readTree(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a seed given as JSON. */
  public void loadSeed(JsonNode seed) {
    new SeedLoader(store, tokens, humanUserId, botUserId).load(seed);
  }
}
