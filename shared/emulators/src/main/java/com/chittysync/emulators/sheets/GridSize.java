package com.chittysync.emulators.sheets;

/**
 * A tab's grid dimensions ({@code gridProperties.rowCount} and {@code columnCount}).
 *
 * @param rows rows in the grid, empty or not
 * @param columns columns in the grid, empty or not
 */
public record GridSize(int rows, int columns) {}
