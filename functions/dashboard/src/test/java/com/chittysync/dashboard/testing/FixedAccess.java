package com.chittysync.dashboard.testing;

import com.chittysync.dashboard.Access;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;
import com.chittysync.web.http.WebRequest;
import java.time.Instant;

/** An {@link Access} for tests: one fixed principal reads (and, as an operator, acts). */
public final class FixedAccess implements Access {
  /** The CSRF token every page carries. */
  public static final String CSRF = "test-csrf-token";

  private final Principal principal;

  public FixedAccess(Principal principal) {
    this.principal = principal;
  }

  /** A viewer named {@code ann@example.org}. */
  public static FixedAccess viewer() {
    return new FixedAccess(
        new Principal(
            "test|ann",
            "ann@example.org",
            Role.VIEWER,
            "s1",
            Instant.parse("2099-01-01T00:00:00Z")));
  }

  /** An operator named {@code olga@example.org}. */
  public static FixedAccess operator() {
    return new FixedAccess(
        new Principal(
            "test|olga",
            "olga@example.org",
            Role.OPERATOR,
            "s2",
            Instant.parse("2099-01-01T00:00:00Z")));
  }

  @Override
  public Principal read(WebRequest request) {
    return principal;
  }

  @Override
  public Principal act(WebRequest request) {
    if (!principal.role().allows(Role.OPERATOR)) {
      throw new Refused(403, "Only operators may act; ask one to.");
    }
    if (!CSRF.equals(request.header("x-csrf-token").orElse(""))) {
      throw new Refused(403, "The CSRF token is missing or wrong; reload the page.");
    }
    return principal;
  }

  @Override
  public String csrf(Principal principal) {
    return CSRF;
  }
}
