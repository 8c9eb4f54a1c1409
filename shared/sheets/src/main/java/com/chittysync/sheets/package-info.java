/**
 * The Google Sheets endpoint: registries kept in one tab of a spreadsheet.
 *
 * <p>{@link com.chittysync.sheets.SheetsEndpointType} validates {@code type: sheets} endpoint
 * configs and opens {@link com.chittysync.sheets.SheetsEndpoint}s, which read and write through
 * {@link com.chittysync.sheets.SheetsClient} (the official Java client authenticated as a service
 * account, with bounded retries and backoff on 429 and 5xx), find columns by header ({@link
 * com.chittysync.sheets.SheetLayout}), rows by key ({@link com.chittysync.sheets.SheetTable}), and
 * convert cells by the registry's JSON Schema ({@link com.chittysync.sheets.CellCodec}, {@link
 * com.chittysync.sheets.SerialDates}, {@link com.chittysync.sheets.A1}).
 */
package com.chittysync.sheets;
