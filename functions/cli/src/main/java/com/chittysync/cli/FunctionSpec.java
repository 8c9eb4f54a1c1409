package com.chittysync.cli;

import java.util.List;

/**
 * A deployable function as the CLI knows it; mirrors the function's entry in {@code template.yaml}.
 *
 * @param name the function's short name, as in {@code functions/<name>} and {@code events/<name>}
 * @param handlerClass the handler's class name (the template's {@code Handler} without the method)
 * @param routes the HTTP API routes it serves, as {@code "METHOD /path"}
 * @param authorizedRoutes those of {@code routes} that API Gateway's JWT authorizer guards: a
 *     request needs a valid {@code Authorization: Bearer} token to reach the function, which then
 *     finds the token's verified claims in {@code requestContext.authorizer.jwt.claims}
 */
public record FunctionSpec(
    String name, String handlerClass, List<String> routes, List<String> authorizedRoutes) {
  public FunctionSpec {
    routes = List.copyOf(routes);
    authorizedRoutes = List.copyOf(authorizedRoutes);
    if (!routes.containsAll(authorizedRoutes)) {
      throw new IllegalArgumentException(
          name + ": an authorized route must be one of its routes: " + authorizedRoutes);
    }
  }

  /** A function none of whose routes has an authorizer. */
  public FunctionSpec(String name, String handlerClass, List<String> routes) {
    this(name, handlerClass, routes, List.of());
  }
}
