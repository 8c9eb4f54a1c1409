package com.chittysync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Note;
import com.chittysync.audit.NoteSigner;
import com.chittysync.audit.log.AuditApi;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpLogSourceTest {
  private static final NoteSigner LOG = NoteSigner.generate("test.example/log");

  private HttpServer server;

  /** Query string ("" for none) to the page served and the next header it carries, if any. */
  private Map<String, Page> pages;

  record Page(List<Long> sizes, String next) {}

  private static final String TOKEN = "script-token-0123456789abcdefghijklmnopq";

  /** The Authorization header of the last request to the guarded context. */
  private volatile String lastAuthorization;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/guarded/v1/audit/checkpoints",
        exchange -> {
          lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
          boolean ok = ("Bearer " + TOKEN).equals(lastAuthorization);
          byte[] body =
              (ok ? "[]" : "{\"message\":\"Unauthorized\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/v1/audit/checkpoints",
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          Page page = pages.get(query == null ? "" : query);
          ArrayNode list = Json.mapper().createArrayNode();
          for (long size : page.sizes()) {
            list.addObject().put("tree_size", size).put("note", note(size));
          }
          byte[] body = list.toString().getBytes(StandardCharsets.UTF_8);
          if (page.next() != null) {
            exchange.getResponseHeaders().add(AuditApi.NEXT_HEADER, page.next());
          }
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String note(long size) {
    byte[] root = new byte[32];
    root[0] = (byte) size;
    return new String(
        Note.of(Checkpoint.of(LOG.name(), size, root).format()).signedBy(LOG).toBytes(),
        StandardCharsets.UTF_8);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void checkpointsFollowEveryPageTheServerNames() {
    pages =
        Map.of(
            "", new Page(List.of(1L, 2L), "2"),
            "after=2", new Page(List.of(3L, 5L), "5"),
            "after=5", new Page(List.of(8L), null));
    assertThat(new HttpLogSource(url()).checkpoints())
        .extracting(StoredCheckpoint::size)
        .containsExactly(1L, 2L, 3L, 5L, 8L);
  }

  @Test
  void aContinuationThatDoesNotMoveOnIsRefusedInsteadOfFollowedForever() {
    pages = Map.of("", new Page(List.of(1L), "4"), "after=4", new Page(List.of(5L), "4"));
    assertThatThrownBy(() -> new HttpLogSource(url()).checkpoints())
        .isInstanceOf(ChittySyncException.class)
        .hasMessageContaining("/v1/audit/checkpoints?after=4 answered audit-next: 4");
  }

  @Test
  void theTokenGoesAsABearerOnEveryRequest() {
    assertThat(new HttpLogSource(url() + "/guarded", Optional.of(Secret.of(TOKEN))).checkpoints())
        .isEmpty();
    assertThat(lastAuthorization).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void a401SaysToPassATokenAndNeverShowsOne() {
    assertThatThrownBy(() -> new HttpLogSource(url() + "/guarded").checkpoints())
        .isInstanceOfSatisfying(
            ChittySyncException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_REQUIRED))
        .hasMessage("the audit log at " + url() + "/guarded needs a token: pass --token");
    String wrong = "wrong-token-0123456789abcdefghijklmnopqrs";
    assertThatThrownBy(
            () ->
                new HttpLogSource(url() + "/guarded", Optional.of(Secret.of(wrong))).checkpoints())
        .hasMessageStartingWith(
            "the audit log at " + url() + "/guarded refused the token (HTTP 401)")
        .hasMessageNotContaining(wrong);
  }
}
