package com.chittysync.web.auth;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import com.chittysync.web.http.Pages;
import com.chittysync.web.http.WebRequest;

/**
 * A request was refused by {@link AccessControl}: 401 ({@code auth.required}) when nobody valid is
 * signed in, 403 ({@code auth.forbidden}) when whoever is may not do this. The message says what
 * would be let in; it never contains a credential.
 */
public final class AuthRefused extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final int status;

  private AuthRefused(int status, ErrorCode code, String message) {
    super(code, message);
    this.status = status;
  }

  /** 401: no valid session cookie, bearer token or verified claims. */
  public static AuthRefused unauthenticated(String message) {
    return new AuthRefused(401, ErrorCode.AUTH_REQUIRED, message);
  }

  /** 403: authenticated, but not allowed this. */
  public static AuthRefused forbidden(String message) {
    return new AuthRefused(403, ErrorCode.AUTH_FORBIDDEN, message);
  }

  /** 401 or 403. */
  public int status() {
    return status;
  }

  /**
   * The JSON answer, {@code {"error": {"code", "message"}}}; a 401 also says {@code
   * www-authenticate: Bearer}, naming the scheme that would be let in.
   */
  public HttpResult json() {
    HttpResult result = HttpResult.error(status, code(), getMessage());
    return status == 401 ? result.withHeader("www-authenticate", "Bearer") : result;
  }

  /** The answer {@code request} wants: {@link #json()} when it asked for JSON, else a page. */
  public HttpResult answer(WebRequest request) {
    return request.wantsJson() ? json() : Pages.failure(request, status, code(), getMessage());
  }
}
