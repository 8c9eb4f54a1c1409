package com.chittysync.sheets;

/**
 * How a canonical field is kept in a cell, from the registry's JSON Schema: a cell has no type of
 * its own, so the schema decides whether {@code 42430} is a number or 2016-03-01.
 */
public enum FieldType {
  /** {@code "type": "string"}: text; a number typed into the cell is read as its digits. */
  STRING,
  /** {@code "type": "integer"}: a whole number. */
  INTEGER,
  /** {@code "type": "number"}. */
  NUMBER,
  /** {@code "type": "boolean"}: a checkbox or TRUE/FALSE. */
  BOOLEAN,
  /** {@code "format": "date"}: a serial number in the cell, {@code 2016-03-01} canonically. */
  DATE,
  /** {@code "format": "date-time"}: a serial number with a fraction, an RFC 3339 instant (UTC). */
  DATE_TIME,
  /** {@code "type": "array"}: JSON text in the cell. */
  ARRAY,
  /** {@code "type": "object"}: JSON text in the cell. */
  OBJECT,
  /** No single type declared: the cell's own type (text, number, boolean). */
  ANY
}
