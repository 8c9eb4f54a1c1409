package com.chittysync.functions.api;

import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import com.chittysync.web.auth.Authenticator;
import com.chittysync.web.auth.WebAuthSettings;
import com.chittysync.web.http.WebRequest;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Who may read the audit log's entries, proofs and checkpoint history: anyone the seam
 * authenticates (the claims API Gateway's JWT authorizer verified, a bearer token, a dashboard
 * session), or everyone when {@value WebAuthSettings#PUBLIC_AUDIT} is {@code true}. The latest
 * checkpoint stays open either way: it reveals only a tree size and a root, and witnesses and
 * verifiers elsewhere need it to gossip.
 */
public final class AuditAccess {
  /** The 401's message: what would be let in, and how to open the log instead. */
  static final String REFUSED =
      "the audit log's entries and proofs need a signed-in user or a bearer token (Authorization:"
          + " Bearer …); set CHITTYSYNC_PUBLIC_AUDIT=true to publish the log openly";

  private final Authenticator authenticator;
  private final boolean open;

  public AuditAccess(Authenticator authenticator, boolean open) {
    this.authenticator = authenticator;
    this.open = open;
  }

  @Inject
  AuditAccess(Authenticator authenticator, WebAuthSettings settings) {
    this(authenticator, settings.publicAudit());
  }

  /**
   * Empty when {@code request} may read the log; else the 401 to answer, with {@code
   * www-authenticate: Bearer}.
   *
   * @throws com.chittysync.core.ChittySyncException {@code auth.unavailable} when the issuer's keys
   *     cannot be fetched to check a bearer token
   */
  public Optional<HttpResult> refusal(WebRequest request) {
    if (open || authenticator.authenticate(request).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        HttpResult.error(401, ErrorCode.AUTH_REQUIRED, REFUSED)
            .withHeader("www-authenticate", "Bearer"));
  }
}
