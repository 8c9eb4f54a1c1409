package com.chittysync.dashboard.web;

/**
 * A group of the dashboard's routes (a page and its actions). Each group adds itself to the router;
 * Dagger collects every group into a set.
 */
public interface Routes {
  /** Adds this group's routes to {@code router}. */
  void register(Router router);
}
