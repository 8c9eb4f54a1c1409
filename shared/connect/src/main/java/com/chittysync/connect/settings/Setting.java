package com.chittysync.connect.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One declared setting of an endpoint type, and the typed key to read it from {@link Settings}.
 * Declared fluently and immutably: {@code Setting.of("batch_size",
 * SettingType.INT).defaultValue(5000).invalid("must be ...").validator(Validator.range(1, 100))}.
 *
 * @param name the setting's name in the config
 * @param type how its value reads
 * @param required the problem (after {@code <path>: }) when it is absent, if it must be given
 * @param defaultValue the value when it is absent, if it has one
 * @param invalid the problem when the value is not of its type (or a validator calls {@link
 *     Check#invalid()}), given the value as written
 * @param validators the checks of the typed value, in order; the first that reports ends them
 * @param doc one line for the documentation table
 */
public record Setting<T>(
    String name,
    SettingType<T> type,
    Optional<String> required,
    Optional<T> defaultValue,
    Function<JsonNode, String> invalid,
    List<Validator<T>> validators,
    String doc) {

  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    validators = List.copyOf(validators);
  }

  /** An optional setting without a default, no checks beyond its type, and no doc yet. */
  public static <T> Setting<T> of(String name, SettingType<T> type) {
    return new Setting<>(
        name,
        type,
        Optional.empty(),
        Optional.empty(),
        raw -> "must be a " + type.name(),
        List.of(),
        "");
  }

  /** Must be given; {@code message} says so when it is not. */
  public Setting<T> required(String message) {
    return new Setting<>(
        name, type, Optional.of(message), Optional.empty(), invalid, validators, doc);
  }

  /** {@code value} when absent. */
  public Setting<T> defaultValue(T value) {
    return new Setting<>(
        name, type, Optional.empty(), Optional.of(value), invalid, validators, doc);
  }

  /** {@code message} when the value is not of its type. */
  public Setting<T> invalid(String message) {
    return invalid(raw -> message);
  }

  /** The message, given the value as written, when the value is not of its type. */
  public Setting<T> invalid(Function<JsonNode, String> message) {
    return new Setting<>(name, type, required, defaultValue, message, validators, doc);
  }

  /** Adds a check of the typed value, run after the ones before it. */
  public Setting<T> validator(Validator<T> validator) {
    List<Validator<T>> all = new ArrayList<>(validators);
    all.add(validator);
    return new Setting<>(name, type, required, defaultValue, invalid, all, doc);
  }

  /** The line in the documentation table. */
  public Setting<T> doc(String line) {
    return new Setting<>(name, type, required, defaultValue, invalid, validators, line);
  }
}
