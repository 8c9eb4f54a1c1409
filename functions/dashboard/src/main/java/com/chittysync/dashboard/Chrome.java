package com.chittysync.dashboard;

import com.chittysync.dashboard.web.Assets;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.auth.Role;

/**
 * What every page's frame needs: who is signed in, the CSRF token for actions, the versioned asset
 * URLs, and which section is current.
 */
public record Chrome(Principal principal, String csrf, Assets assets, String section) {
  /** Whether the signed-in person may act. */
  public boolean operator() {
    return principal.role().allows(Role.OPERATOR);
  }

  /** The asset URL of {@code name}. */
  public String asset(String name) {
    return assets.url(name);
  }

  /** {@code "page"} for the current section's link, else null (the attribute is left out). */
  public String current(String name) {
    return section.equals(name) ? "page" : null;
  }

  /** The htmx headers every action sends: the CSRF token. Rendered into an attribute. */
  public String hxHeaders() {
    return "{\"X-CSRF-Token\": \"" + csrf + "\"}";
  }
}
