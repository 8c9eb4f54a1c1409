package com.chittysync.sync.schema;

import java.util.Locale;

/**
 * How reports show text that a person cannot see or tell apart: invisible, control, spacing and
 * combining characters as escapes, so that "José" with a composed é and "José" with an e and a
 * combining accent, or "P1" and "P1" behind a zero-width space, read differently in a report even
 * where they look the same in a sheet or in Notion.
 */
public final class UnicodeText {
  private UnicodeText() {}

  /**
   * {@code text} with every backslash doubled and every character that is a control, format,
   * surrogate, combining mark, invisible (default-ignorable) or space other than U+0020 written as
   * a backslash, {@code u} and four hex digits (or {@code u{XXXXX}} beyond the BMP), the way Java
   * and JSON write it; other text as is.
   */
  public static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      boolean escape = cp == '\\' || hidden(cp);
      if (escape && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (cp == '\\') {
          out.append("\\\\");
        } else if (escape) {
          out.append(escape(cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  /** {@code U+200B ZERO WIDTH SPACE}: a code point as Unicode names it. */
  public static String describe(int cp) {
    String name = Character.getName(cp);
    return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
  }

  /** Whether {@code cp} does not show as itself: see {@link #visible}. */
  static boolean hidden(int cp) {
    if (cp >= 0x20 && cp < 0x7f) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK ->
          true;
      default -> invisible(cp);
    };
  }

  /**
   * Whether {@code cp} is Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
   * characters that render as nothing, such as variation selectors, the combining grapheme joiner
   * and the Hangul fillers. The JDK has no query for the property; the ranges are short and stable.
   */
  public static boolean invisible(int cp) {
    return cp == 0x00AD
        || cp == 0x034F
        || cp == 0x061C
        || (cp >= 0x115F && cp <= 0x1160)
        || (cp >= 0x17B4 && cp <= 0x17B5)
        || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFEFF
        || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8)
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  private static String escape(int cp) {
    return cp > 0xFFFF
        ? String.format(Locale.ROOT, "\\u{%X}", cp)
        : String.format(Locale.ROOT, "\\u%04x", cp);
  }
}
