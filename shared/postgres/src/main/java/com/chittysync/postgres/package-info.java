/**
 * The {@code postgres} endpoint: a registry kept in a PostgreSQL table.
 *
 * <pre>{@code
 * endpoints:
 *   main:
 *     type: postgres
 *     table: public.people          # [schema.]table; schema public by default
 *     url: secretsmanager:crm#url   # optional; default: the state database
 *     batch_size: 5000              # optional; ops per statement (default 5000)
 *     modified_column: updated_at   # optional; timestamptz column dating each row's last change
 *     fields: {person_id: id, full_name: name, email: email}
 * }</pre>
 *
 * <p>Names follow SQL: unquoted ones fold to lower case; double-quoted ones are exact. The key
 * column must carry a PRIMARY KEY or a plain UNIQUE constraint on exactly that column.
 *
 * <p>Canonical JSON per column type: text, varchar, char, citext, uuid, time, enums and other types
 * become strings (char without its padding); smallint, integer and bigint integers; numeric an
 * exact number; real and double numbers (NaN and infinities as strings); boolean; date {@code
 * YYYY-MM-DD}; timestamptz and timestamp RFC 3339 in UTC ({@code ...Z}); json and jsonb the value
 * itself; arrays JSON arrays; NULL absent. The key becomes a string ({@code 42} to {@code "42"}).
 * Writes send each value's text form and cast it to the column's type in SQL. {@link
 * com.chittysync.postgres.PostgresEndpoint#represent} tells, without a query, what a column holds
 * once a value is written (numeric scale, float precision, timestamp precision, char padding, jsonb
 * normalization...), and apply compares preconditions through it.
 *
 * <p>All SQL is safe behind a transaction-mode pooler: only {@code SET LOCAL} and savepoints.
 */
package com.chittysync.postgres;
