package com.chittysync.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A record's fields: an immutable map sorted by name, held in two arrays. A sync holds every record
 * of a registry from every endpoint at once, and a tree map spends about 40 bytes per field on its
 * entries alone; this spends 8.
 */
final class SortedFields extends AbstractMap<String, JsonNode> {
  private final String[] names;
  private final JsonNode[] values;

  /** {@code names} distinct and sorted; both arrays owned by the map from now on. */
  private SortedFields(String[] names, JsonNode[] values) {
    this.names = names;
    this.values = values;
  }

  /** The names of the last map made, per thread: an endpoint's records mostly share them. */
  private static final ThreadLocal<String[]> LAST_NAMES = new ThreadLocal<>();

  /**
   * The fields of {@code fields} that have a value (neither null, JSON null nor missing), each
   * {@link CanonicalRecord#normalize normalized}, sorted by name.
   */
  static SortedFields of(Map<String, JsonNode> fields) {
    String[] names = new String[fields.size()];
    JsonNode[] values = new JsonNode[fields.size()];
    int n = 0;
    for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
      JsonNode value = e.getValue();
      if (value == null || value.isNull() || value.isMissingNode()) {
        continue;
      }
      // Insertion sort: a record has tens of fields, and a sorted map hands them over in order.
      String name = Objects.requireNonNull(e.getKey(), "field name");
      int i = n;
      while (i > 0 && names[i - 1].compareTo(name) > 0) {
        names[i] = names[i - 1];
        values[i] = values[i - 1];
        i--;
      }
      names[i] = name;
      values[i] = CanonicalRecord.normalize(value);
      n++;
    }
    if (n < names.length) {
      names = Arrays.copyOf(names, n);
      values = Arrays.copyOf(values, n);
    }
    String[] last = LAST_NAMES.get();
    if (last != null && Arrays.equals(last, names)) {
      names = last;
    } else {
      LAST_NAMES.set(names);
    }
    return new SortedFields(names, values);
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String name && Arrays.binarySearch(names, name) >= 0;
  }

  @Override
  public JsonNode get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    int i = Arrays.binarySearch(names, name);
    return i >= 0 ? values[i] : null;
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Map.Entry<String, JsonNode>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, JsonNode> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
