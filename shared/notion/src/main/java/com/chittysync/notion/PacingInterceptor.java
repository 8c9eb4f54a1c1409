package com.chittysync.notion;

import com.chittysync.connect.RequestBudget;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Holds each request back until the {@link RequestBudget} lets it go, so the requests of everyone
 * on the integration's budget keep to its average rate and wait out a server-requested pause. It
 * sits inside the retry and auth interceptors, so every try (a retry, a try with a renewed token)
 * waits its turn.
 */
final class PacingInterceptor implements Interceptor {
  private final RequestBudget budget;

  PacingInterceptor(RequestBudget budget) {
    this.budget = budget;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    try {
      budget.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
    return chain.proceed(chain.request());
  }

  /**
   * The thread was interrupted while waiting its turn: nothing was sent, and nothing is retried.
   * Its own type, because a read timeout is an {@link InterruptedIOException} too and is retried.
   */
  static final class Interrupted extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("interrupted while pacing");
    }
  }
}
