package com.chittysync.cli;

import java.util.List;

/**
 * A deployable function as the CLI knows it; mirrors the function's entry in {@code template.yaml}.
 *
 * @param name the function's short name, as in {@code functions/<name>} and {@code events/<name>}
 * @param handlerClass the handler's class name (the template's {@code Handler} without the method)
 * @param routes the HTTP API routes it serves, as {@code "METHOD /path"}
 */
public record FunctionSpec(String name, String handlerClass, List<String> routes) {
  public FunctionSpec {
    routes = List.copyOf(routes);
  }
}
