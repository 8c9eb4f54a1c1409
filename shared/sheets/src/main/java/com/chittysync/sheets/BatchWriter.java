package com.chittysync.sheets;

import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one batch of ops to a tab in as few requests as Sheets allows.
 *
 * <p>Each round ({@link WriteRound}) reads the tab once and judges every op against what the row
 * holding its key holds now ({@link RowJudge}): the op's precondition still holds, so it is
 * written; the row already holds the target as {@link SheetsEndpoint#represent} gives it, so it is
 * already applied (a re-run after a crash); or neither, so it is stale and left for the next sync
 * to re-plan. An op that would overwrite a formula fails; text starting with {@code =} is compared
 * and written like any other value. Rows are found by key in this read, never by a row number from
 * an earlier one. Then one {@code values.batchUpdate} sets the changed cells, one {@code
 * spreadsheets.batchUpdate} deletes rows bottom-up, and one {@code values.append} inserts the new
 * rows ({@link SheetRequests}). New rows that would take the spreadsheet over its cell limit are
 * refused all together before anything is written, while updates and deletes go on ({@link
 * WriteRound}).
 *
 * <p>A write refused for quota (429) or failing with a 5xx or no answer is tried again in a new
 * round, after a backoff, from a new read: a write whose outcome is unknown is then recognised as
 * applied by its effect, so an append is never repeated into a duplicate row. After {@code
 * max_retries} rounds the ops left fail with the reason, and the run goes on.
 */
final class BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final SheetsSettings settings;
  private final Backoff backoff;
  private final RowJudge judge;
  private final WriteRound writeRound;

  BatchWriter(
      SheetsSettings settings, SheetsClient client, RowCodec codec, Grids grids, Backoff backoff) {
    this.settings = settings;
    this.backoff = backoff;
    this.judge = new RowJudge(settings, codec);
    this.writeRound =
        new WriteRound(settings, client, grids, judge, new SheetRequests(settings, codec));
  }

  /** Applies {@code batch}, reporting each op's outcome in order. */
  List<OpResult> apply(List<Op> batch) {
    OpLedger ledger = new OpLedger(batch);
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      String refused = judge.unwritable(batch.get(i));
      if (refused != null) {
        ledger.fail(i, refused);
      } else {
        pending.add(i);
      }
    }
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round > 0) {
        long wait = backoff.delay(round - 1, ledger.retryAfter());
        if (round <= settings.maxRetries()) {
          LOG.info(
              "{} op(s) not written yet ({}); reading the tab again in {} ms",
              pending.size(),
              ledger.lastError(),
              wait);
        }
        if (round > settings.maxRetries() || !Backoff.sleep(wait)) {
          for (int i : pending) {
            ledger.fail(i, "gave up after " + round + " tries: " + ledger.lastError());
          }
          break;
        }
      }
      ledger.newRound();
      writeRound.run(pending, ledger);
      pending = ledger.retries();
    }
    return ledger.results();
  }
}
