package com.chittysync.sync.engine;

import com.chittysync.sync.Record;
import com.chittysync.sync.endpoint.Endpoint;
import com.chittysync.sync.endpoint.EndpointCapabilities;
import com.chittysync.sync.endpoint.FetchRequest;
import com.chittysync.sync.endpoint.FetchResult;
import com.chittysync.sync.endpoint.Op;
import com.chittysync.sync.endpoint.OpResult;
import com.chittysync.sync.endpoint.RemoteRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An endpoint in memory that honours preconditions and idempotence like a real one, and can be told
 * to crash after a number of writes (the writes stay, the answer never comes).
 */
final class MemoryEndpoint implements Endpoint {
  final String name;
  final TreeMap<String, Record> data = new TreeMap<>();
  int batch = 2;
  int crashAfterWrites = -1;
  int writes;

  MemoryEndpoint(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EndpointCapabilities capabilities() {
    return new EndpointCapabilities(false, batch, Set.of());
  }

  @Override
  public void check() {}

  @Override
  public FetchResult fetch(FetchRequest request) {
    List<RemoteRecord> records = new ArrayList<>();
    data.values().forEach(r -> records.add(new RemoteRecord(r.key(), r, Optional.empty())));
    return new FetchResult(records, true, Optional.empty(), List.of());
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    List<OpResult> results = new ArrayList<>();
    for (Op op : ops) {
      if (crashAfterWrites >= 0 && writes >= crashAfterWrites) {
        crashAfterWrites = -1;
        throw new IllegalStateException("simulated crash of " + name);
      }
      Record now = data.get(op.key());
      Optional<Record> target = op.after();
      if (target.isPresent() ? target.get().equals(now) : now == null) {
        results.add(OpResult.alreadyApplied(op.opNo(), op.key()));
        continue;
      }
      Record expected =
          op instanceof Op.Update u
              ? u.expected()
              : op instanceof Op.Delete d ? d.expected() : null;
      if (expected == null ? now != null : !expected.equals(now)) {
        results.add(OpResult.stale(op.opNo(), "changed since planned"));
        continue;
      }
      if (target.isPresent()) {
        data.put(op.key(), target.get());
      } else {
        data.remove(op.key());
      }
      writes++;
      results.add(OpResult.applied(op.opNo(), op.key()));
    }
    return results;
  }

  @Override
  public void close() {}
}
