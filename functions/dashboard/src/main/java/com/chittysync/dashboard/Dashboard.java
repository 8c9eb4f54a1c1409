package com.chittysync.dashboard;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.NotFound;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Router;
import com.chittysync.dashboard.web.Routes;
import com.chittysync.dashboard.web.SecurityHeaders;
import com.chittysync.dashboard.web.Views;
import com.chittysync.web.auth.Principal;
import com.chittysync.web.http.Pages;
import com.chittysync.web.http.WebRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's front door: finds the route, applies its guard ({@link Access}), runs it, and
 * turns every failure into a page or JSON answer that says what happened. Every answer carries the
 * security headers; static assets are gzipped when the client accepts it.
 */
@Singleton
public final class Dashboard {
  private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

  /** The largest request body a route reads: forms are small. */
  public static final int MAX_BODY_CHARS = 64 * 1024;

  private final Router router = new Router();
  private final Access access;
  private final Assets assets;

  @Inject
  public Dashboard(Access access, Assets assets, Set<Routes> routes) {
    this.access = access;
    this.assets = assets;
    router.get("/assets/{version}/{name}", Router.Guard.PUBLIC, this::asset);
    routes.forEach(r -> r.register(router));
  }

  /** Answers {@code request}. Never throws. */
  public Reply handle(WebRequest request) {
    Reply reply;
    try {
      reply = route(request);
    } catch (NotFound e) {
      reply = error(request, 404, "Not found", e.getMessage());
    } catch (ActionLog.InProgress e) {
      reply = error(request, 409, "Still running", e.getMessage());
    } catch (Access.Refused e) {
      reply = refusal(request, e.status(), e.getMessage());
    } catch (ChittySyncException e) {
      HttpResult r = HttpResult.of(e);
      reply =
          failure(
              request,
              r.status(),
              r.status() >= 500 ? "The state could not be read" : "Refused",
              e);
    } catch (IllegalArgumentException e) {
      reply = error(request, 400, "Bad request", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.method(), request.path(), e);
      reply =
          error(
              request,
              500,
              "Internal error",
              "Something failed on our side; the function's log has the details.");
    }
    return SecurityHeaders.apply(reply);
  }

  private Reply route(WebRequest request) {
    if (request.body().length() > MAX_BODY_CHARS) {
      return error(request, 413, "Too large", "A request body may be at most 64 KB.");
    }
    Optional<Router.Match> match = router.match(request);
    if (match.isEmpty()) {
      return router.knowsPath(request.path())
          ? error(
                  request,
                  405,
                  "Method not allowed",
                  "This page does not take " + request.method() + ".")
              .withHeader("allow", "GET, POST")
          : error(request, 404, "Not found", "There is no page at " + request.path() + ".");
    }
    Router.Match m = match.get();
    Optional<Chrome> chrome =
        switch (m.guard()) {
          case PUBLIC -> Optional.empty();
          case READ -> Optional.of(frame(access.read(request), request));
          case ACT -> Optional.of(frame(access.act(request), request));
        };
    return m.handler().handle(new Call(request, m.params(), chrome));
  }

  private Chrome frame(Principal principal, WebRequest request) {
    return new Chrome(principal, access.csrf(principal), assets, section(request.path()));
  }

  private static String section(String path) {
    return path.startsWith("/audit") ? "audit" : "fleet";
  }

  private Reply asset(Call call) {
    boolean gzip = call.request().header("accept-encoding").orElse("").contains("gzip");
    return assets
        .serve(call.request().path(), gzip)
        .orElseGet(
            () ->
                error(call.request(), 404, "Not found", "No such asset (an older build's URL?)."));
  }

  private Reply refusal(WebRequest request, int status, String message) {
    Reply r = error(request, status, status == 401 ? "Sign in needed" : "Not allowed", message);
    return status == 401 ? r.withHeader("www-authenticate", "Bearer") : r;
  }

  private Reply failure(WebRequest request, int status, String heading, ChittySyncException e) {
    if (status >= 500) {
      LOG.warn("{} {}: {}", request.method(), request.path(), e.describe());
      return error(
          request,
          status,
          heading,
          "The state database did not answer; try again shortly. The function's log has the details.");
    }
    return error(request, status, heading, e.getMessage());
  }

  /** An error page, an htmx fragment or JSON, as the client asked. */
  public static Reply error(WebRequest request, int status, String heading, String message) {
    if (request.wantsJson()) {
      HttpResult r = HttpResult.error(status, ErrorCode.MALFORMED_INPUT, message);
      return Reply.json(status, r.body());
    }
    if (request.fromHtmx()) {
      // htmx swaps 4xx/5xx only when told to: the page shows it in its toast region.
      return Reply.html(
              status, "<p class=\"error\" role=\"alert\">" + Pages.escape(message) + "</p>")
          .withHeader("hx-retarget", "#toast")
          .withHeader("hx-reswap", "innerHTML");
    }
    return Reply.html(
        status,
        Views.render(
            "error.jte", Map.of("status", status, "heading", heading, "message", message)));
  }
}
