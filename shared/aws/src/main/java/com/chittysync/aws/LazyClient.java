package com.chittysync.aws;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An SDK client built on first use, once, however many threads ask: building one costs tens of
 * milliseconds that a Lambda's init or a code path that never calls the service should not pay.
 */
public final class LazyClient<T extends SdkAutoCloseable> implements AutoCloseable {
  private final Supplier<T> factory;
  private volatile T client;

  public LazyClient(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The client, built now if this is the first call. */
  public T get() {
    T c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = factory.get();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * Starts building the client on a background thread, so that the first {@link #get} finds it
   * ready (or waits only for the rest): for a client that every invocation uses, built while the
   * function's init and the wait for its first event go on. Builds no connection.
   */
  public LazyClient<T> warmInBackground(String name) {
    Thread warm = new Thread(this::get, name + "-warm");
    warm.setDaemon(true);
    warm.start();
    return this;
  }

  /** Closes the client if it was ever built. */
  @Override
  public void close() {
    T c = client;
    if (c != null) {
      c.close();
    }
  }
}
