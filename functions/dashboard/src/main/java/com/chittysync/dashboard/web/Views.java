package com.chittysync.dashboard.web;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * Renders pages with the templates compiled at build time (no template parsing at cold start; every
 * {@code ${…}} HTML-escaped), and their JSON twins with the same data.
 */
public final class Views {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * Records, Optionals and Instants as JSON: ISO-8601 times, empty Optionals as null. Built on
   * first use: an HTML page needs none of it, and a cold start should not pay for it.
   */
  public static ObjectMapper mapper() {
    return JsonHolder.MAPPER;
  }

  private static final class JsonHolder {
    static final ObjectMapper MAPPER =
        Json.mapper()
            .copy()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  private Views() {}

  /** Template {@code name} (for example {@code fleet.jte}) rendered with {@code params}. */
  public static String render(String name, Map<String, Object> params) {
    StringOutput out = new StringOutput(8192);
    ENGINE.render(name, params, out);
    return out.toString();
  }

  /** 200 with template {@code name}. */
  public static Reply html(String name, Map<String, Object> params) {
    return Reply.html(200, render(name, params));
  }

  /** 200 with {@code model} as JSON. */
  public static Reply json(Object model) {
    try {
      return Reply.json(200, mapper().writeValueAsString(model));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the page's JSON", e);
    }
  }

  /**
   * The page for {@code call}: {@code model} as JSON when the client asked for JSON, else the
   * template with {@code params}.
   */
  public static Reply page(Call call, Object model, String template, Map<String, Object> params) {
    return call.request().wantsJson() ? json(model) : html(template, params);
  }
}
