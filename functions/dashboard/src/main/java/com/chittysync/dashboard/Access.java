package com.chittysync.dashboard;

import com.chittysync.web.auth.Principal;
import com.chittysync.web.http.WebRequest;

/**
 * Who may see and do what on the dashboard: every route asks here first. Implementations throw
 * {@link Refused} with 401 or 403 and a message that says what to do; never a redirect.
 */
public interface Access {
  /** The principal allowed to read what {@code request} asks for. */
  Principal read(WebRequest request);

  /**
   * The principal allowed to make the change {@code request} asks for: a session, the operator
   * role, same origin, a valid CSRF token and {@code HX-Request}.
   */
  Principal act(WebRequest request);

  /** The CSRF token the pages of {@code principal}'s session put on every action. */
  String csrf(Principal principal);

  /** A refusal: the status (401 or 403) and what the person can do about it. */
  final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
