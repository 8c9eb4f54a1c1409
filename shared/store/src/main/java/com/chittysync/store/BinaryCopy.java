package com.chittysync.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bulk insert through {@code COPY ... FROM STDIN (FORMAT binary)}: rows are streamed in
 * PostgreSQL's binary tuple format, so values are neither escaped nor parsed as text. It is several
 * times faster than multi-row {@code INSERT}s for the engine's large, pure inserts (stored plans,
 * audit entries, staged snapshots). It runs inside the caller's transaction, so it works behind a
 * transaction-mode pooler.
 *
 * <p>Use: {@code try (BinaryCopy copy = BinaryCopy.open(c, "COPY t (a, b) FROM STDIN (FORMAT
 * binary)")) { copy.row(2).text(a).int8(b); ... copy.finish(); }}. Closing without {@link
 * #finish()} cancels the copy (and so fails the transaction).
 */
public final class BinaryCopy implements AutoCloseable {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
  private static final int FLUSH_AT = 1 << 16;

  private final CopyIn copy;
  private byte[] buf = new byte[FLUSH_AT + 1024];
  private int len;
  private long rows;
  private boolean finished;

  private BinaryCopy(CopyIn copy) {
    this.copy = copy;
  }

  /** Starts {@code copySql}, which must be a {@code COPY ... FROM STDIN (FORMAT binary)}. */
  public static BinaryCopy open(Connection connection, String copySql) throws SQLException {
    BinaryCopy out =
        new BinaryCopy(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    out.put(HEADER, 0, HEADER.length);
    return out;
  }

  /** Starts a row of {@code columns} values. */
  public BinaryCopy row(int columns) throws SQLException {
    if (len >= FLUSH_AT) {
      flush();
    }
    ensure(2);
    buf[len++] = (byte) (columns >>> 8);
    buf[len++] = (byte) columns;
    rows++;
    return this;
  }

  /** A {@code text} value, or null. */
  public BinaryCopy text(String value) {
    return value == null ? nul() : bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code jsonb} value from its JSON text, or null. */
  public BinaryCopy jsonb(String json) {
    if (json == null) {
      return nul();
    }
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    length(utf8.length + 1);
    ensure(1);
    buf[len++] = 1; // jsonb binary format version
    put(utf8, 0, utf8.length);
    return this;
  }

  /** A {@code bytea} value, or null. */
  public BinaryCopy bytes(byte[] value) {
    if (value == null) {
      return nul();
    }
    length(value.length);
    put(value, 0, value.length);
    return this;
  }

  /** A {@code smallint} value. */
  public BinaryCopy int2(short value) {
    length(2);
    ensure(2);
    buf[len++] = (byte) (value >>> 8);
    buf[len++] = (byte) value;
    return this;
  }

  /** An {@code integer} value. */
  public BinaryCopy int4(int value) {
    length(4);
    putInt(value);
    return this;
  }

  /** A {@code bigint} value. */
  public BinaryCopy int8(long value) {
    length(8);
    putLong(value);
    return this;
  }

  /** A {@code boolean} value. */
  public BinaryCopy bool(boolean value) {
    length(1);
    ensure(1);
    buf[len++] = (byte) (value ? 1 : 0);
    return this;
  }

  /** A {@code uuid} value. */
  public BinaryCopy uuid(UUID value) {
    length(16);
    putLong(value.getMostSignificantBits());
    putLong(value.getLeastSignificantBits());
    return this;
  }

  /** A {@code timestamptz} value (microsecond precision). */
  public BinaryCopy timestamptz(Instant value) {
    length(8);
    putLong(
        (value.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L + value.getNano() / 1000);
    return this;
  }

  /** A SQL null. */
  public BinaryCopy nul() {
    length(-1);
    return this;
  }

  /** Ends the copy; returns the number of rows PostgreSQL stored. */
  public long finish() throws SQLException {
    ensure(2);
    buf[len++] = (byte) 0xff;
    buf[len++] = (byte) 0xff;
    flush();
    finished = true;
    long stored = copy.endCopy();
    if (stored != rows) {
      throw new SQLException("COPY stored " + stored + " rows of " + rows);
    }
    return stored;
  }

  @Override
  public void close() throws SQLException {
    if (!finished && copy.isActive()) {
      copy.cancelCopy();
    }
  }

  private void flush() throws SQLException {
    if (len > 0) {
      copy.writeToCopy(buf, 0, len);
      len = 0;
    }
  }

  private void length(int n) {
    putInt(n);
  }

  private void putInt(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private void put(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
  }
}
