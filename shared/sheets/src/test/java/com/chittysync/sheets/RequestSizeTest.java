package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSizeTest {
  @Test
  void theEstimateIsNoLessThanTheJsonTheClientSends() throws Exception {
    List<List<Object>> rows =
        List.of(
            List.of("P-0001", "Blue \"Harbor\"", 12_345, true),
            List.of("P-0002", "é".repeat(40), 1.5, false));
    long json = new ObjectMapper().writeValueAsBytes(rows).length;
    assertThat(RequestSize.of(rows)).isGreaterThanOrEqualTo(json - json / 10);
  }

  @Test
  void rowsAreSplitIntoRequestsUnderTheLimitInOrderAndNoneIsLost() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(List.of("P-" + i, "x".repeat(100), i));
    }
    List<List<Integer>> chunks = RequestSize.chunks(rows, 20_000);
    assertThat(chunks).hasSizeGreaterThan(5);
    List<Integer> all = new ArrayList<>();
    for (List<Integer> chunk : chunks) {
      List<List<Object>> part = new ArrayList<>();
      chunk.forEach(i -> part.add(rows.get(i)));
      assertThat(RequestSize.of(part)).isLessThanOrEqualTo(20_000);
      all.addAll(chunk);
    }
    assertThat(all).hasSize(1000).isSorted();
    assertThat(RequestSize.chunks(rows.subList(0, 3))).hasSize(1);
  }
}
