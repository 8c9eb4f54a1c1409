package com.chittysync.web.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a token's claims grant a {@link Role}: claim {@code claim} (a string or an array of strings,
 * such as {@code groups} or {@code cognito:groups}) holding one of {@code operatorValues} grants
 * {@link Role#OPERATOR}, else one of {@code viewerValues} grants {@link Role#VIEWER}.
 *
 * @param claim the claim's name ({@code CHITTYSYNC_OIDC_ROLE_CLAIM})
 * @param operatorValues values that grant the operator role ({@code
 *     CHITTYSYNC_OIDC_OPERATOR_VALUES})
 * @param viewerValues values that grant the viewer role ({@code CHITTYSYNC_OIDC_VIEWER_VALUES})
 */
public record RoleClaim(String claim, Set<String> operatorValues, Set<String> viewerValues) {
  /** The claim read by default. */
  public static final String DEFAULT_CLAIM = "groups";

  /** The value granting the operator role by default. */
  public static final String DEFAULT_OPERATOR = "chittysync-operator";

  /** The value granting the viewer role by default. */
  public static final String DEFAULT_VIEWER = "chittysync-viewer";

  /** Values of one claim read at most: a token listing more is read up to here. */
  static final int MAX_VALUES = 200;

  public RoleClaim {
    operatorValues = Set.copyOf(operatorValues);
    viewerValues = Set.copyOf(viewerValues);
  }

  /** The defaults: {@code groups}, {@code chittysync-operator}, {@code chittysync-viewer}. */
  public static RoleClaim defaults() {
    return new RoleClaim(DEFAULT_CLAIM, Set.of(DEFAULT_OPERATOR), Set.of(DEFAULT_VIEWER));
  }

  /** The role {@code values} of the claim grant: the highest of them, or empty for none. */
  public Optional<Role> role(Collection<String> values) {
    if (values.stream().anyMatch(operatorValues::contains)) {
      return Optional.of(Role.OPERATOR);
    }
    if (values.stream().anyMatch(viewerValues::contains)) {
      return Optional.of(Role.VIEWER);
    }
    return Optional.empty();
  }

  /**
   * The values of a claim as a JWT library hands it over: a string, or a list of strings (other
   * elements are skipped); empty for anything else.
   */
  public static List<String> values(Object claimValue) {
    List<String> out = new ArrayList<>();
    if (claimValue instanceof String s) {
      out.add(s);
    } else if (claimValue instanceof Collection<?> list) {
      for (Object o : list) {
        if (out.size() >= MAX_VALUES) {
          break;
        }
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * The values of a claim as API Gateway's JWT authorizer passes it on: an array claim becomes one
   * string, {@code [a b c]}; some proxies pass JSON ({@code ["a","b"]}); a plain string is one
   * value.
   */
  public static List<String> authorizerValues(String claimValue) {
    if (claimValue == null) {
      return List.of();
    }
    String v = claimValue.strip();
    if (v.length() < 2 || !v.startsWith("[") || !v.endsWith("]")) {
      return List.of(v);
    }
    List<String> out = new ArrayList<>();
    for (String part : v.substring(1, v.length() - 1).split("[\\s,]+")) {
      String p = part.strip();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1);
      }
      if (!p.isEmpty() && out.size() < MAX_VALUES) {
        out.add(p);
      }
    }
    return out;
  }

  /** What the claim must hold, for messages: which claim, and which values grant which role. */
  public String expectation() {
    return "claim '"
        + claim
        + "' must hold "
        + String.join(" or ", operatorValues.stream().sorted().toList())
        + " (to act) or "
        + String.join(" or ", viewerValues.stream().sorted().toList())
        + " (to read)";
  }
}
