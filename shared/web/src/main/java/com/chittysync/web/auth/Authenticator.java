package com.chittysync.web.auth;

import com.chittysync.web.http.WebRequest;
import java.util.Optional;

/**
 * The one authentication seam every route goes through: who sent a request, if anyone that may be
 * let in. Implementations look, in order, at the claims API Gateway's JWT authorizer verified, a
 * bearer token, and the session cookie.
 *
 * <p>Never throws for a request that is merely unauthenticated or carries a bad, expired or forged
 * credential: that is {@link Optional#empty()}, and the route answers 401. Throws {@link
 * com.chittysync.core.ChittySyncException} only when the seam itself cannot work (the issuer's keys
 * cannot be fetched), which the route answers with 503.
 */
public interface Authenticator {
  /** The principal {@code request} authenticates as, or empty. */
  Optional<Principal> authenticate(WebRequest request);
}
