package com.chittysync.emulators.sheets;

/**
 * How values are rendered on the way out: {@code valueRenderOption} (default FORMATTED_VALUE) and
 * {@code dateTimeRenderOption} (default SERIAL_NUMBER, ignored with FORMATTED_VALUE).
 */
record RenderOptions(ValueRender value, DateTimeRender dateTime) {
  enum ValueRender {
    FORMATTED_VALUE,
    UNFORMATTED_VALUE,
    FORMULA
  }

  enum DateTimeRender {
    SERIAL_NUMBER,
    FORMATTED_STRING
  }

  static final RenderOptions DEFAULT =
      new RenderOptions(ValueRender.FORMATTED_VALUE, DateTimeRender.SERIAL_NUMBER);
  static final RenderOptions UNFORMATTED =
      new RenderOptions(ValueRender.UNFORMATTED_VALUE, DateTimeRender.SERIAL_NUMBER);
  static final RenderOptions FORMULAS =
      new RenderOptions(ValueRender.FORMULA, DateTimeRender.SERIAL_NUMBER);

  /** Parses the two query or body parameters (null means the default); 400 for unknown values. */
  static RenderOptions parse(String valueRender, String dateTimeRender, String prefix) {
    ValueRender v = ValueRender.FORMATTED_VALUE;
    if (valueRender != null) {
      try {
        v = ValueRender.valueOf(valueRender);
      } catch (IllegalArgumentException e) {
        throw SheetsError.badEnum(prefix + "value_render_option", "ValueRenderOption", valueRender);
      }
    }
    DateTimeRender d = DateTimeRender.SERIAL_NUMBER;
    if (dateTimeRender != null) {
      try {
        d = DateTimeRender.valueOf(dateTimeRender);
      } catch (IllegalArgumentException e) {
        throw SheetsError.badEnum(
            prefix + "date_time_render_option", "DateTimeRenderOption", dateTimeRender);
      }
    }
    return new RenderOptions(v, d);
  }
}
