package com.chittysync.emulators.notion;

/** Ids of a database created by a helper and of its (first) data source. */
public record DataSourceHandle(String databaseId, String dataSourceId) {}
