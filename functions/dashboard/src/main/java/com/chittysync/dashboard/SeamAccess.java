package com.chittysync.dashboard;

import com.chittysync.web.auth.AccessControl;
import com.chittysync.web.auth.AuthRefused;
import com.chittysync.web.auth.Csrf;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.http.WebRequest;
import dagger.Lazy;
import javax.inject.Inject;

/** {@link Access} through the one authentication seam every route of the bundle uses. */
public final class SeamAccess implements Access {
  private final AccessControl control;
  private final Lazy<Csrf> csrf;

  @Inject
  public SeamAccess(AccessControl control, Lazy<Csrf> csrf) {
    this.control = control;
    this.csrf = csrf;
  }

  @Override
  public Principal read(WebRequest request) {
    try {
      return control.read(request);
    } catch (AuthRefused e) {
      throw new Refused(e.status(), e.getMessage());
    }
  }

  @Override
  public Principal act(WebRequest request) {
    try {
      return control.act(request);
    } catch (AuthRefused e) {
      throw new Refused(e.status(), e.getMessage());
    }
  }

  @Override
  public String csrf(Principal principal) {
    // A bearer token has no session, so no CSRF token: it may read, never act.
    return principal.sessionId().isEmpty() ? "" : csrf.get().token(principal);
  }
}
