package com.chittysync.emulators.notion;

import java.time.Instant;
import java.util.List;

/**
 * A change to a page that webhooks report.
 *
 * @param type {@code page.created}, {@code page.properties_updated}, {@code page.deleted} or {@code
 *     page.undeleted}
 * @param updatedPropertyIds property ids for {@code page.properties_updated}, else empty
 * @param authorType {@code person} or {@code bot}
 */
public record PageEvent(
    String type,
    String pageId,
    String dataSourceId,
    String databaseId,
    String authorId,
    String authorType,
    List<String> updatedPropertyIds,
    Instant at) {}
