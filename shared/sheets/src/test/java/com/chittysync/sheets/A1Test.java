package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class A1Test {
  @Test
  void tabNamesAreAlwaysQuotedWithQuotesDoubled() {
    assertThat(A1.quote("Sheet1")).isEqualTo("'Sheet1'");
    assertThat(A1.quote("My Sheet")).isEqualTo("'My Sheet'");
    assertThat(A1.quote("It's")).isEqualTo("'It''s'");
    assertThat(A1.quote("''")).isEqualTo("''''''");
    assertThat(A1.quote("A1")).isEqualTo("'A1'");
    assertThat(A1.cell("It's", 2, 7)).isEqualTo("'It''s'!C7");
  }

  @Test
  void columnsPastZGoOnWithTwoAndThreeLetters() {
    assertThat(A1.column(0)).isEqualTo("A");
    assertThat(A1.column(25)).isEqualTo("Z");
    assertThat(A1.column(26)).isEqualTo("AA");
    assertThat(A1.column(51)).isEqualTo("AZ");
    assertThat(A1.column(52)).isEqualTo("BA");
    assertThat(A1.column(701)).isEqualTo("ZZ");
    assertThat(A1.column(702)).isEqualTo("AAA");
    assertThat(A1.column(A1.MAX_COLUMNS - 1)).isEqualTo("ZZZ");
    for (int i = 0; i < A1.MAX_COLUMNS; i++) {
      assertThat(A1.columnIndex(A1.column(i))).isEqualTo(i);
    }
    assertThat(A1.columnIndex("aa")).isEqualTo(26);
    assertThatThrownBy(() -> A1.column(A1.MAX_COLUMNS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangesAreBuiltFromZeroBasedColumnsAndOneBasedRows() {
    assertThat(A1.range("My Sheet", 0, 1, 3, 5)).isEqualTo("'My Sheet'!A1:D5");
    assertThat(A1.openRows("People", 0, 3, 25)).isEqualTo("'People'!A3:Z");
    assertThat(A1.openRows("People", 0, 1, 27)).isEqualTo("'People'!A1:AB");
  }

  @Test
  void echoedRangesParseQuotedOrNot() {
    assertThat(A1.parse("Sheet1!A3:D4")).isEqualTo(new A1.Range("Sheet1", 0, 3, 3, 4));
    assertThat(A1.parse("'My Sheet'!AA10:AB12"))
        .isEqualTo(new A1.Range("My Sheet", 26, 10, 27, 12));
    assertThat(A1.parse("'It''s'!B7")).isEqualTo(new A1.Range("It's", 1, 7, 1, 7));
    assertThat(A1.parse("Sheet1!B:B")).isEqualTo(new A1.Range("Sheet1", 1, -1, 1, -1));
    assertThat(A1.parse("A1:B2")).isEqualTo(new A1.Range(null, 0, 1, 1, 2));
  }
}
