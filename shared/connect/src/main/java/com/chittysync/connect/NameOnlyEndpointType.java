package com.chittysync.connect;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import java.util.List;
import java.util.Objects;

/**
 * An endpoint type known by its {@code type:} name only: {@link ConfigLoader} accepts endpoints of
 * this type and still checks everything it checks itself (registry settings, key, fields,
 * schedule), but leaves the endpoint's own settings unchecked, and such an endpoint cannot be
 * opened.
 *
 * <p>For readers of the config that route by it but never open an endpoint of that type, such as
 * the Notion webhook, which only needs each registry's Notion ids: it need not carry every type's
 * client library (and so its deployment size and cold start), while a config naming a type it has
 * never heard of is still refused. The functions that open the endpoints check their settings.
 */
public final class NameOnlyEndpointType implements EndpointType {
  private final String type;

  private NameOnlyEndpointType(String type) {
    this.type = type;
  }

  /** The type called {@code type} in the config, for example {@code notion}. */
  public static NameOnlyEndpointType named(String type) {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("an endpoint type name must not be blank");
    }
    return new NameOnlyEndpointType(type);
  }

  @Override
  public String type() {
    return type;
  }

  /** No problems: this type's settings are checked where its endpoints are opened. */
  @Override
  public List<String> validate(EndpointConfig config, RegistryConfig registry) {
    return List.of();
  }

  /**
   * Always refuses: nothing that knows this type by name only may open its endpoints.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Endpoint open(EndpointConfig config, RegistryConfig registry, EndpointContext context) {
    throw new UnsupportedOperationException(
        config.path()
            + ": the "
            + type
            + " endpoint type is known here by name only; its endpoints are opened by the"
            + " functions that sync");
  }
}
