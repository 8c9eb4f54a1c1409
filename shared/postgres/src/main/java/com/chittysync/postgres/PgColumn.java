package com.chittysync.postgres;

/**
 * A mapped column as the database describes it.
 *
 * @param field the canonical field it holds
 * @param name the column's name
 * @param sqlType its type as {@code format_type} spells it, for messages
 * @param castType its type without modifier, schema-qualified and quoted ({@code
 *     "pg_catalog"."varchar"}): the target of the casts from text, so that a value too long for
 *     {@code varchar(10)} is refused by the assignment instead of truncated by the cast
 * @param kind how its values convert to canonical JSON
 * @param elementKind for arrays, how the elements convert; else {@link Kind#OTHER}
 * @param typeName the name of its base type ({@code int4}, {@code varchar}, {@code float4}; for a
 *     domain, the type under it; for an array, its elements' type), which tells apart types of one
 *     kind
 * @param typmod its type modifier ({@code atttypmod}, or the domain's), -1 for none: the length of
 *     {@code varchar(n)}, the precision and scale of {@code numeric(p,s)}, the fractional digits of
 *     {@code timestamp(p)}; for an array, its elements'
 * @param readOnly whether the database computes it (generated, identity ALWAYS)
 * @param readOnlyReason why it is read-only, for messages
 */
record PgColumn(
    String field,
    String name,
    String sqlType,
    String castType,
    Kind kind,
    Kind elementKind,
    String typeName,
    int typmod,
    boolean readOnly,
    String readOnlyReason) {

  /** How a column's values convert to and from canonical JSON. */
  enum Kind {
    /** text, varchar, citext, name: a string. */
    TEXT,
    /** char(n): a string without its blank padding. */
    BPCHAR,
    /** uuid: a lower-case string. */
    UUID,
    /** smallint, integer, bigint: an integer. */
    INT,
    /** numeric: an exact number (NaN and infinities as strings). */
    NUMERIC,
    /** real, double precision: a number (NaN and infinities as strings). */
    FLOAT,
    /** boolean. */
    BOOL,
    /** date: {@code YYYY-MM-DD}. */
    DATE,
    /** timestamp with time zone: RFC 3339 in UTC. */
    TIMESTAMPTZ,
    /** timestamp: RFC 3339, taken as UTC. */
    TIMESTAMP,
    /** time, timetz: a string. */
    TIME,
    /** json: the value itself. */
    JSON,
    /** jsonb: the value itself. */
    JSONB,
    /** any array: a JSON array. */
    ARRAY,
    /** anything else: its text form. */
    OTHER;

    static Kind of(String typname, String category) {
      return switch (typname) {
        case "text", "varchar", "citext", "name" -> TEXT;
        case "bpchar" -> BPCHAR;
        case "uuid" -> UUID;
        case "int2", "int4", "int8" -> INT;
        case "numeric" -> NUMERIC;
        case "float4", "float8" -> FLOAT;
        case "bool" -> BOOL;
        case "date" -> DATE;
        case "timestamptz" -> TIMESTAMPTZ;
        case "timestamp" -> TIMESTAMP;
        case "time", "timetz" -> TIME;
        case "json" -> JSON;
        case "jsonb" -> JSONB;
        default -> "A".equals(category) ? ARRAY : OTHER;
      };
    }
  }

  /** How two values of a column are compared in SQL. */
  enum Comparison {
    /** With the type's own equality. */
    NATIVE,
    /** As jsonb (json has no equality operator). */
    JSONB,
    /** As text (types that may lack an equality operator). */
    TEXT
  }

  /** The column's name quoted for SQL. */
  String quoted() {
    return PgNames.quote(name);
  }

  /** The column for messages. */
  String display() {
    return PgNames.display(name);
  }

  Comparison comparison() {
    // citext's equality ignores case, which canonical values do not: compared natively, a row
    // changed only in case would meet a precondition (and be overwritten) or pass for a target.
    boolean caseless = "citext".equals(typeName);
    return switch (kind) {
      case JSON -> Comparison.JSONB;
      case OTHER -> Comparison.TEXT;
      case TEXT -> caseless ? Comparison.TEXT : Comparison.NATIVE;
      case ARRAY ->
          elementKind == Kind.OTHER
                  || elementKind == Kind.JSON
                  || elementKind == Kind.ARRAY
                  || caseless
              ? Comparison.TEXT
              : Comparison.NATIVE;
      default -> Comparison.NATIVE;
    };
  }

  /** The type the text form of a value is cast to in a record set. */
  String recordType() {
    return kind == Kind.JSON ? "pg_catalog.jsonb" : castType;
  }

  /** {@code value} (a record-set column) as the column's own type, for INSERT and SET. */
  String toColumn(String value) {
    return kind == Kind.JSON ? value + "::pg_catalog.json" : value;
  }

  /** SQL that is true when the table's value {@code column} equals {@code value}. */
  String same(String column, String value) {
    return switch (comparison()) {
      case NATIVE -> column + " IS NOT DISTINCT FROM " + value;
      case JSONB -> column + "::jsonb IS NOT DISTINCT FROM " + value;
      case TEXT -> column + "::text IS NOT DISTINCT FROM " + value + "::text";
    };
  }

  /** The expression that selects the column for reading. */
  String selectExpression(String alias) {
    String column = alias + "." + quoted();
    return kind == Kind.ARRAY ? "to_jsonb(" + column + ")" : column;
  }
}
