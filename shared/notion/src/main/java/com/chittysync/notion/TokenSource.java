package com.chittysync.notion;

import com.chittysync.core.config.Secret;
import java.util.Optional;

/**
 * Where a Notion client gets its bearer token. An internal integration's token is fixed; a public
 * integration's access token can be renewed with its refresh token when Notion refuses it.
 */
public interface TokenSource extends AutoCloseable {
  /** The token to send. */
  Secret current();

  /**
   * Another token to try after Notion answered 401 to {@code refused}: one that another process
   * already renewed, or a freshly renewed one. Empty when no other token can be had.
   */
  Optional<Secret> renew(Secret refused);

  /** Releases what renewing needed (a secret store client); nothing by default. */
  @Override
  default void close() {}

  /** A token that is never renewed. */
  static TokenSource fixed(Secret token) {
    return new TokenSource() {
      @Override
      public Secret current() {
        return token;
      }

      @Override
      public Optional<Secret> renew(Secret refused) {
        return Optional.empty();
      }
    };
  }
}
