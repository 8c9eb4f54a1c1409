package com.chittysync.sync.keys;

import com.chittysync.connect.RecordProblem.FieldError;
import com.chittysync.sync.schema.StorableText;
import com.chittysync.sync.schema.UnicodeText;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a registry key may hold. Sheets and Notion show keys to people, who match records by eye, so
 * a key that looks like another is refused rather than synced as a second record: one holding a
 * control character (Unicode Cc), a format or other invisible character (Cf and the rest of
 * Default_Ignorable_Code_Point: zero-width spaces, bidi overrides, byte-order marks, variation
 * selectors), a space other than U+0020 (no-break, thin, ideographic...), or whitespace at either
 * end. Keys are never rewritten to fit: the person who typed one fixes it where it is kept. Keys
 * that differ only in Unicode normalisation are {@link LookAlikeKeys}.
 */
public final class KeyRules {
  private KeyRules() {}

  /** The JSON-pointer path of key field {@code keyField}. */
  public static String path(String keyField) {
    return "/" + keyField.replace("~", "~0").replace("/", "~1");
  }

  /** Why {@code key} cannot be a key, as one error at the key field's path; empty when it can. */
  public static List<FieldError> check(String keyField, String key) {
    if (plain(key)) {
      return List.of();
    }
    Set<String> reasons = new LinkedHashSet<>();
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      String reason = reason(cp);
      if (reason != null) {
        reasons.add("contains " + UnicodeText.describe(cp) + " (" + reason + ")");
      }
      i += Character.charCount(cp);
    }
    if (!key.isEmpty() && whitespace(key.codePointAt(0))) {
      reasons.add("begins with whitespace");
    }
    if (!key.isEmpty() && whitespace(key.codePointBefore(key.length()))) {
      reasons.add("ends with whitespace");
    }
    String unstorable = StorableText.problem(key);
    if (unstorable != null) {
      reasons.add(unstorable);
    }
    if (reasons.isEmpty()) {
      return List.of();
    }
    List<String> listed = new ArrayList<>(reasons);
    return List.of(
        new FieldError(
            path(keyField),
            "the key \""
                + UnicodeText.visible(key)
                + "\" "
                + String.join("; ", listed)
                + ", so its record is not synced: change the key where the record is kept"));
  }

  /**
   * The key {@code key} would be without what makes it invalid: surrounding whitespace and the
   * characters {@link #check} refuses removed, then NFC. A row whose key cell gained a trailing
   * space (or that an older version read trimmed) spells its old key this way.
   */
  public static String plainForm(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      if (cp != 0 && reason(cp) == null && Character.getType(cp) != Character.SURROGATE) {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    String stripped = out.toString().strip();
    return Normalizer.normalize(stripped, Normalizer.Form.NFC);
  }

  /** The common case, decided without looking up a character's category. */
  private static boolean plain(String key) {
    if (key.isEmpty() || key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Why code point {@code cp} cannot be anywhere in a key, or null. */
  private static String reason(int cp) {
    if (cp == ' ' || cp == 0) {
      return null; // U+0000: StorableText names it
    }
    int type = Character.getType(cp);
    if (type == Character.CONTROL) {
      return "a control character";
    }
    if (type == Character.SURROGATE) {
      return null; // StorableText names it
    }
    if (type == Character.FORMAT || UnicodeText.invisible(cp)) {
      return "an invisible character";
    }
    if (whitespace(cp)) {
      return "a space other than U+0020";
    }
    return null;
  }

  private static boolean whitespace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }
}
