/**
 * The Notion endpoint: registries kept in a Notion data source.
 *
 * <p>{@link com.chittysync.notion.NotionEndpointType} validates {@code type: notion} endpoint
 * configs and opens {@link com.chittysync.notion.NotionEndpoint}s, which read pages through {@link
 * com.chittysync.notion.NotionClient} (rate limited, retrying, honouring {@code Retry-After}) and
 * convert property values with {@link com.chittysync.notion.PropertyCodec}.
 */
package com.chittysync.notion;
