package com.chittysync.pipeline;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.EndpointContext;
import com.chittysync.connect.EndpointType;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint type standing for a Lambda container killed mid-apply: after its {@code n}th apply
 * call has written to the service, the calling thread freezes (as a container past its timeout
 * does: no journal write, no lease renewal that matters, no release) until {@link #kill}, when it
 * dies with an {@link Error} that nothing in the engine handles.
 */
final class FreezingEndpointType implements EndpointType {
  /** What a frozen thread dies of. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("the container was killed");
    }
  }

  private final EndpointType delegate;
  private final int freezeAfter;
  private final AtomicInteger applies = new AtomicInteger();
  private final CountDownLatch frozen = new CountDownLatch(1);
  private final CountDownLatch killed = new CountDownLatch(1);

  FreezingEndpointType(EndpointType delegate, int freezeAfter) {
    this.delegate = delegate;
    this.freezeAfter = freezeAfter;
  }

  /** Waits until a thread froze. */
  boolean awaitFrozen(long seconds) throws InterruptedException {
    return frozen.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the frozen thread die. */
  void kill() {
    killed.countDown();
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    return delegate.validate(config, registry);
  }

  @Override
  public Endpoint open(EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    Endpoint endpoint = delegate.open(config, registry, context);
    return new Endpoint() {
      @Override
      public String name() {
        return endpoint.name();
      }

      @Override
      public EndpointCapabilities capabilities() {
        return endpoint.capabilities();
      }

      @Override
      public void check() {
        endpoint.check();
      }

      @Override
      public FetchResult fetch(FetchRequest request) {
        return endpoint.fetch(request);
      }

      @Override
      public CanonicalRecord represent(CanonicalRecord record) {
        return endpoint.represent(record);
      }

      @Override
      public List<OpResult> apply(List<Op> ops) {
        List<OpResult> results = endpoint.apply(ops);
        if (applies.incrementAndGet() == freezeAfter) {
          frozen.countDown();
          try {
            killed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new Killed();
        }
        return results;
      }

      @Override
      public void close() {
        endpoint.close();
      }
    };
  }
}
