package com.chittysync.sync.keys;

import com.chittysync.connect.FetchResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.sync.schema.UnicodeText;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys equal under Unicode NFC normalisation: "é" typed as one character and as an e with a
 * combining accent are different strings that Sheets and Notion show identically. They are one key
 * spelled two ways, whether one endpoint holds both or two endpoints hold one each, so neither
 * spelling is synced (that would make two records of one) and every place each is held is reported,
 * naming the other spellings. Nothing rewrites a key to its normal form: which spelling is right is
 * for a person to say.
 */
public final class LookAlikeKeys {
  private LookAlikeKeys() {}

  /**
   * One spelling of a key that another spelling looks like.
   *
   * @param endpoint where it is held
   * @param key the spelling held there
   * @param error at the key field's path, naming the other spellings and where they are held
   */
  public record Duplicate(String endpoint, String key, FieldError error) {}

  /**
   * The keys an endpoint holds after a read: those it returned or reported a problem with, and for
   * an incremental read, those it held at its last sync that it did not report gone.
   *
   * @param snapshotKeys the keys of its stored snapshots
   * @param deleted the keys the read says are gone there
   */
  public static Set<String> held(
      FetchResult result, Set<String> snapshotKeys, Set<String> deleted) {
    Set<String> keys = new HashSet<>(result.records().size() * 2);
    for (RemoteRecord r : result.records()) {
      keys.add(r.key());
    }
    return held(keys, result, snapshotKeys, deleted);
  }

  /**
   * Like {@link #held(FetchResult, Set, Set)} for a read whose records were streamed: {@code
   * recordKeys} are the keys of the records it returned. A complete read with no problem holds
   * exactly those, and they are returned as they are rather than copied.
   */
  public static Set<String> held(
      Set<String> recordKeys, FetchResult result, Set<String> snapshotKeys, Set<String> deleted) {
    if (result.complete() && result.problems().isEmpty() && result.records().isEmpty()) {
      return recordKeys;
    }
    Set<String> out = new HashSet<>(recordKeys);
    for (RemoteRecord r : result.records()) {
      out.add(r.key());
    }
    for (RecordProblem p : result.problems()) {
      if (p.key() != null) {
        out.add(p.key());
      }
    }
    if (!result.complete()) {
      for (String key : snapshotKeys) {
        if (!deleted.contains(key)) {
          out.add(key);
        }
      }
    }
    return out;
  }

  /**
   * Every spelling of a key that another one held anywhere looks like, at every place it is held.
   *
   * @param keyField the registry's key field, for the errors' path
   * @param heldByPlace the keys each place (an endpoint) holds
   */
  public static List<Duplicate> find(
      String keyField, Map<String, ? extends Collection<String>> heldByPlace) {
    // Two different strings in normal form never normalise alike, so only keys that are not in
    // normal form can start a group: the common case costs one quick check per key.
    Map<String, Set<String>> spellings = new HashMap<>();
    for (Collection<String> keys : heldByPlace.values()) {
      for (String key : keys) {
        if (!Normalizer.isNormalized(key, Normalizer.Form.NFC)) {
          spellings
              .computeIfAbsent(Normalizer.normalize(key, Normalizer.Form.NFC), k -> new TreeSet<>())
              .add(key);
        }
      }
    }
    if (spellings.isEmpty()) {
      return List.of();
    }
    for (Collection<String> keys : heldByPlace.values()) {
      for (String key : keys) {
        Set<String> group = spellings.get(key);
        if (group != null) {
          group.add(key);
        }
      }
    }
    Map<String, Set<String>> groupOf = new HashMap<>();
    spellings.values().stream()
        .filter(group -> group.size() > 1)
        .forEach(group -> group.forEach(key -> groupOf.put(key, group)));
    List<Duplicate> out = new ArrayList<>();
    heldByPlace.forEach(
        (place, keys) -> {
          for (String key : keys) {
            Set<String> group = groupOf.get(key);
            if (group != null) {
              out.add(new Duplicate(place, key, error(keyField, key, group, heldByPlace)));
            }
          }
        });
    return out;
  }

  private static FieldError error(
      String keyField,
      String key,
      Set<String> group,
      Map<String, ? extends Collection<String>> heldByPlace) {
    List<String> others = new ArrayList<>();
    for (String other : group) {
      if (other.equals(key)) {
        continue;
      }
      List<String> places = new ArrayList<>();
      heldByPlace.forEach(
          (place, keys) -> {
            if (keys.contains(other)) {
              places.add(place);
            }
          });
      others.add("\"" + UnicodeText.visible(other) + "\" (in " + String.join(", ", places) + ")");
    }
    return new FieldError(
        KeyRules.path(keyField),
        "the key \""
            + UnicodeText.visible(key)
            + "\" is the same text under Unicode NFC normalisation as the key "
            + String.join(" and ", others)
            + ": they look alike, so they are one key spelled two ways and neither is synced;"
            + " keep one spelling where the records are kept");
  }
}
