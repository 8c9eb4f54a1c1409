package com.chittysync.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on one connection, usually inside one transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
