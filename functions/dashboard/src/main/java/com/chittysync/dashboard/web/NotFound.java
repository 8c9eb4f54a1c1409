package com.chittysync.dashboard.web;

/** A page asked about something the state does not hold: answered 404 with this message. */
public final class NotFound extends RuntimeException {
  public NotFound(String message) {
    super(message);
  }
}
