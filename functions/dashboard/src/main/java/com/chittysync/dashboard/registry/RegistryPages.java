package com.chittysync.dashboard.registry;

import com.chittysync.dashboard.ActionLog;
import com.chittysync.dashboard.web.Call;
import com.chittysync.dashboard.web.NotFound;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.dashboard.web.Views;
import com.chittysync.sync.state.Overview;
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

  /**
   * The overview line of registry {@code name}.
   *
   * @throws NotFound when the state knows no such registry (the dashboard answers 404)
   */
  public static Overview.Line require(Overview overview, String name) {
    return overview
        .line(name)
        .orElseThrow(
            () ->
                new NotFound(
                    "There is no registry named '"
                        + name
                        + "': the state knows only registries that have run at least once. Check"
                        + " the name on the registries page."));
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
