package com.chittysync.dashboard.registry;

import com.chittysync.core.json.Json;
import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.state.Overview;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What the registry tabs share: the registry's URL, the 404 of an unknown one, notices. */
public final class RegistryPages {
  private RegistryPages() {}

  /** {@code /registries/<name><suffix>}. */
  static String url(String registry, String suffix) {
    return "/registries/" + URLEncoder.encode(registry, StandardCharsets.UTF_8) + suffix;
  }

  /** The registry of {@code call}'s {@code name}, if the state knows it. */
  static Optional<Overview.Line> line(Overview overview, Call call) {
    return overview.line(call.param("name"));
  }

  /** 404: the state knows no registry {@code name}. As a page, an htmx notice or JSON. */
  static Reply unknown(Call call, String name) {
    return error(
        call,
        404,
        "No such registry",
        "There is no registry named '"
            + name
            + "': the state knows only registries that have run at least once. Check the name on"
            + " the registries page.");
  }

  /** 409: the action is running in another request. */
  static Reply inProgress(Call call, ActionLog.InProgress e) {
    return error(call, 409, "Still running", e.getMessage());
  }

  /** An error answer shaped as the dashboard's own: a page, an htmx toast, or JSON. */
  static Reply error(Call call, int status, String heading, String message) {
    if (call.request().wantsJson()) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.putObject("error")
          .put("code", status == 404 ? "not_found" : "conflict")
          .put("message", message);
      return Reply.json(status, body.toString());
    }
    if (call.request().fromHtmx()) {
      return Reply.html(
              status,
              Views.render(
                  "registry/notice.jte",
                  Map.of("message", message, "error", true, "nextActionId", Optional.empty())))
          .withHeader("hx-retarget", "#toast")
          .withHeader("hx-reswap", "innerHTML");
    }
    return Reply.html(
        status,
        Views.render(
            "error.jte", Map.of("status", status, "heading", heading, "message", message)));
  }

  /**
   * The answer of an action: {@code result} as JSON, or a notice fragment for htmx that also swaps
   * a fresh action id into the form ({@code #<formId>-action-id}), so the next press is a new
   * action.
   */
  static Reply notice(Call call, Object result, String message, String formId) {
    if (call.request().wantsJson()) {
      return Views.json(result);
    }
    return Views.html(
        "registry/notice.jte",
        Map.of(
            "message",
            message,
            "error",
            false,
            "nextActionId",
            Optional.of(new NextActionId(formId + "-action-id", ActionLog.newActionId()))));
  }

  /** A fresh action id for the hidden input {@code inputId}, swapped in out of band. */
  public record NextActionId(String inputId, String value) {}
}
