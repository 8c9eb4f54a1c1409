package com.chittysync.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.TlogProof;
import com.chittysync.audit.WitnessPolicy;
import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.Checkpointer;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.Environment;
import com.chittysync.core.json.Json;
import com.chittysync.dashboard.web.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The audit pages' HTML, their JSON twins and the tlog-proof download, on a real database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPagesTest {
  private AuditFixture f;

  @BeforeAll
  void open() {
    f = new AuditFixture().populated();
  }

  @AfterAll
  void close() {
    f.close();
  }

  private static void everyTableHasHeaders(String html) {
    Matcher m = Pattern.compile("<table.*?</table>", Pattern.DOTALL).matcher(html);
    int tables = 0;
    while (m.find()) {
      tables++;
      assertThat(m.group()).contains("<thead>").contains("<th scope=\"col\"");
    }
    assertThat(tables).isPositive();
  }

  private static void hostileTextIsText(String html) {
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    assertThat(html).doesNotContain("</script><script>");
  }

  @Test
  void theLogPageShowsTheCheckpointItsSignaturesAndTheNewestEntries() {
    Reply r = f.get("/audit");
    assertThat(r.status()).isEqualTo(200);
    String html = r.text();
    Checkpoint cp = Checkpoint.parse(f.checkpoint.parsedNote().text());
    assertThat(html)
        .contains("chittysync-demo")
        .contains("40 entries")
        .contains(HexFormat.of().formatHex(cp.rootHash()))
        .contains(Base64.getEncoder().encodeToString(cp.rootHash()))
        .contains(f.signer.sign(f.checkpoint.parsedNote().text()).toLine().stripTrailing())
        .contains("witness.example/w1")
        .contains("witness.example/w2")
        .contains(f.w1.verifier().keyIdHex())
        .contains("2026-01-01 00:00:00 UTC")
        .doesNotContain("cannot check them");
    assertThat(html.indexOf("/audit/entries/39\"")).isLessThan(html.indexOf("/audit/entries/38\""));
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("/audit?plan=" + f.plan);
    hostileTextIsText(html);
    everyTableHasHeaders(html);
    assertThat(r.headers().get("content-security-policy")).contains("script-src 'self'");
  }

  @Test
  void filtersAndTheCursorNarrowTheEntries() throws Exception {
    JsonNode orders = Json.mapper().readTree(f.getJson("/audit?registry=orders").text());
    assertThat(orders.get("entries")).hasSize(18);
    orders.get("entries").forEach(e -> assertThat(e.get("registry").asText()).isEqualTo("orders"));
    JsonNode plan = Json.mapper().readTree(f.getJson("/audit?plan=" + f.plan).text());
    assertThat(plan.get("entries")).hasSize(37);
    JsonNode key = Json.mapper().readTree(f.getJson("/audit?key=rec-3&type=sync.op").text());
    assertThat(key.get("entries")).hasSize(1);
    assertThat(key.get("entries").get(0).get("seq").asLong()).isEqualTo(3);
    JsonNode hostile =
        Json.mapper()
            .readTree(
                f.getJson("/audit?key=" + URLEncoder.encode(AuditFixture.XSS_SCRIPT, "UTF-8"))
                    .text());
    assertThat(hostile.get("entries")).hasSize(1);
    JsonNode before = Json.mapper().readTree(f.getJson("/audit?before=5").text());
    assertThat(before.get("entries"))
        .extracting(e -> e.get("seq").asLong())
        .containsExactly(4L, 3L, 2L, 1L, 0L);
    assertThat(before.get("next").isNull()).isTrue();

    assertThat(f.get("/audit?plan=not-a-plan").status()).isEqualTo(400);
    assertThat(f.get("/audit?registry=" + "x".repeat(257)).status()).isEqualTo(400);
    assertThat(f.get("/audit?type=DROP TABLE").status()).isEqualTo(400);
    assertThat(f.get("/audit?before=-1").status()).isEqualTo(400);
    assertThat(f.get("/audit?before=99999999999999999999").status()).isEqualTo(400);
    String filtered = f.get("/audit?registry=orders").text();
    assertThat(filtered).contains("value=\"orders\"").contains("matching the filter");
  }

  @Test
  void pagesAreFiftyEntriesWithAKeysetCursor() throws Exception {
    try (AuditFixture big = new AuditFixture()) {
      List<AuditRecord> records = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        records.add(
            new AuditRecord("operator.note", "test", Json.mapper().createObjectNode().put("n", i)));
      }
      big.log.append(records);
      JsonNode first = Json.mapper().readTree(big.getJson("/audit").text());
      assertThat(first.get("entries")).hasSize(50);
      assertThat(first.get("entries").get(0).get("seq").asLong()).isEqualTo(119);
      assertThat(first.get("next").asLong()).isEqualTo(70);
      assertThat(first.get("checkpoint").isNull()).isTrue();
      String html = big.get("/audit").text();
      assertThat(html)
          .contains("href=\"/audit?before=70\"")
          .contains("No checkpoint signed yet: run <code>chittysync audit checkpoint</code>");
      JsonNode third = Json.mapper().readTree(big.getJson("/audit?before=20").text());
      assertThat(third.get("entries")).hasSize(20);
      assertThat(third.get("next").isNull()).isTrue();
      String entry = big.get("/audit/entries/3").text();
      assertThat(entry).contains("No checkpoint signed yet").doesNotContain("id=\"proof-data\"");
      assertThat(big.get("/audit/entries/3/proof").status()).isEqualTo(400);
    }
  }

  @Test
  void theEntryPageEmbedsWhatTheBrowserVerifiesAsInertJson() throws Exception {
    for (long seq : List.of(0L, 36L, 37L, 38L, 39L)) {
      Reply r = f.get("/audit/entries/" + seq);
      assertThat(r.status()).isEqualTo(200);
      String html = r.text();
      hostileTextIsText(html);
      everyTableHasHeaders(html);
      assertThat(html)
          .contains("id=\"verdict\"")
          .contains("id=\"proof-text\"")
          .contains("id=\"verify-pasted\"");
      Matcher m =
          Pattern.compile(
                  "<script type=\"application/json\" id=\"proof-data\">(.*?)</script>",
                  Pattern.DOTALL)
              .matcher(html);
      assertThat(m.find()).isTrue();
      assertThat(m.group(1)).doesNotContain("<").doesNotContain(">");
      JsonNode data = Json.mapper().readTree(m.group(1));
      assertThat(data.get("seq").asLong()).isEqualTo(seq);
      byte[] canonical = Base64.getDecoder().decode(data.get("entry").asText());
      assertThat(data.get("leafHash").asText())
          .isEqualTo(HexFormat.of().formatHex(Merkle.leafHash(canonical)));
      assertThat(data.get("logKey").get("name").asText()).isEqualTo("chittysync-demo");
      assertThat(data.get("witnesses")).hasSize(2);
      assertThat(html).contains(data.get("leafHash").asText());
      // The textarea holds the same proof as the data and the download.
      String proof = f.get("/audit/entries/" + seq + "/proof").text();
      assertThat(data.get("proof").asText()).isEqualTo(proof);
      assertThat(html).contains(proof.substring(0, proof.indexOf('\n', 30)).replace("+", "+"));
    }
    String hostile = f.get("/audit/entries/37").text();
    assertThat(hostile)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&gt;&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void theJsonTwinsCarryTheSameData() throws Exception {
    JsonNode log = Json.mapper().readTree(f.getJson("/audit").text());
    assertThat(log.get("logSize").asLong()).isEqualTo(40);
    assertThat(log.get("checkpoint").get("size").asLong()).isEqualTo(40);
    assertThat(log.get("checkpoint").get("origin").asText()).isEqualTo("chittysync-demo");
    assertThat(log.get("checkpoint").get("note").asText()).isEqualTo(f.checkpoint.note());
    assertThat(log.get("checkpoint").get("cosignatures")).hasSize(2);
    assertThat(log.get("entries")).hasSize(40);
    assertThat(log.get("entries").get(0).get("seq").asLong()).isEqualTo(39);

    JsonNode entry = Json.mapper().readTree(f.getJson("/audit/entries/37").text());
    assertThat(entry.get("actor").asText()).isEqualTo(AuditFixture.XSS_SCRIPT);
    assertThat(entry.get("entry").get("body").get("note").asText())
        .isEqualTo(AuditFixture.XSS_ATTR);
    assertThat(entry.get("proof").get("treeSize").asLong()).isEqualTo(40);
    assertThat(entry.get("tlogProof").asText()).isEqualTo(f.get("/audit/entries/37/proof").text());
    assertThat(f.get("/audit/entries/37").text()).contains(entry.get("leafHash").asText());
  }

  @Test
  void theDownloadIsATlogProofTheJavaVerifierAccepts() {
    Reply r = f.get("/audit/entries/12/proof");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("content-disposition"))
        .isEqualTo("attachment; filename=\"chittysync-entry-12.tlog-proof\"");
    TlogProof proof = TlogProof.parse(r.text());
    assertThat(proof.index()).isEqualTo(12);
    byte[] entry = f.log.entry(12).orElseThrow();
    Checkpoint cp =
        proof.verify(
            Merkle.leafHash(entry),
            f.signer.verifier(),
            WitnessPolicy.of(2, List.of(f.w1.verifier(), f.w2.verifier())));
    assertThat(cp.size()).isEqualTo(40);
    assertThat(cp.origin()).isEqualTo("chittysync-demo");
  }

  @Test
  void boundsAndMissingEntries() {
    Reply missing = f.get("/audit/entries/40");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).contains("The audit log has no entry 40 (it has 40).");
    assertThat(f.getJson("/audit/entries/40").status()).isEqualTo(404);
    assertThat(f.get("/audit/entries/40/proof").status()).isEqualTo(404);
    assertThat(f.get("/audit/entries/-1").status()).isEqualTo(400);
    assertThat(f.get("/audit/entries/abc").status()).isEqualTo(400);
    assertThat(f.get("/audit/entries/99999999999999999999").status()).isEqualTo(400);
  }

  @Test
  void withoutKeysTheSignaturesAreShownButNotCheckable() {
    try (AuditFixture bare = new AuditFixture(false)) {
      bare.log.append(
          List.of(new AuditRecord("operator.note", "test", Json.mapper().createObjectNode())));
      new Checkpointer(bare.database, bare.signer, bare.signer.name()).checkpoint();
      String html = bare.get("/audit").text();
      assertThat(html)
          .contains("the browser cannot check them without the key")
          .contains("CHITTYSYNC_LOG_VKEY")
          .contains("CHITTYSYNC_WITNESS_VKEYS")
          .contains("— chittysync-demo ");
    }
  }

  @Test
  void keysComeFromTheEnvironment() {
    var env =
        Environment.of(
            Map.of(
                "CHITTYSYNC_LOG_VKEY",
                f.signer.verifierKey(),
                "CHITTYSYNC_WITNESS_VKEYS",
                f.w1.verifier().verifierKey() + ",\n " + f.w2.verifier().verifierKey()));
    AuditKeys keys = new AuditKeys(env);
    assertThat(keys.logKey()).contains(f.signer.verifier());
    assertThat(keys.witnesses()).containsExactly(f.w1.verifier(), f.w2.verifier());
    var bad = Environment.of(Map.of("CHITTYSYNC_WITNESS_VKEYS", "nope"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuditKeys(bad))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CHITTYSYNC_WITNESS_VKEYS");
  }
}
