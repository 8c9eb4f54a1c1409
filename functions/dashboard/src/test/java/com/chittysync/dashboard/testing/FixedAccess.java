package com.chittysync.dashboard.testing;

import com.chittysync.dashboard.Access;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import com.chittysync.web.http.WebRequest;
import java.time.Instant;

/** Lets one fixed principal in: for tests of what pages show and actions do, not of who may. */
public final class FixedAccess implements Access {
  private final Principal principal;

  public FixedAccess(Role role) {
    this.principal =
        new Principal(
            "test", "tester@example.com", role, "session-1", Instant.now().plusSeconds(3600));
  }

  @Override
  public Principal read(WebRequest request) {
    return principal;
  }

  @Override
  public Principal act(WebRequest request) {
    if (!principal.role().allows(Role.OPERATOR)) {
      throw new Refused(403, "viewers may read but not act");
    }
    return principal;
  }

  @Override
  public String csrf(Principal principal) {
    return "test-csrf";
  }
}
