package com.chittysync.cli;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One function's real handler, run in this process the way the Lambda Java runtime runs it: the
 * handler is created once with its no-argument constructor (the init phase), and events go in and
 * out through the runtime's own serialisers.
 */
public final class LocalFunction {
  private final String name;
  private final RequestHandler<Object, Object> handler;
  private final Class<Object> inputType;
  private final Class<Object> outputType;

  private LocalFunction(String name, RequestHandler<Object, Object> handler) {
    this.name = name;
    this.handler = handler;
    Type[] types = handlerTypes(handler.getClass());
    this.inputType = rawClass(types[0]);
    this.outputType = rawClass(types[1]);
  }

  /** Wraps an existing handler instance (tests pass handlers wired to their own fixtures). */
  @SuppressWarnings("unchecked")
  public static LocalFunction of(String name, RequestHandler<?, ?> handler) {
    return new LocalFunction(name, (RequestHandler<Object, Object>) handler);
  }

  /**
   * Loads and initialises {@code spec}'s handler class, as Lambda's init phase does.
   *
   * @throws ChittySyncException when the class is missing or its constructor fails
   */
  public static LocalFunction load(FunctionSpec spec) {
    return load(spec, Map.of());
  }

  /**
   * Loads and initialises {@code spec}'s handler class with settings {@code extraEnv} on top of the
   * process environment (which Java cannot change): a handler with a public {@code (Map<String,
   * String>)} constructor gets both through it; any other gets its no-argument constructor, which
   * reads the process environment alone. {@code chittysync serve} passes the session key and local
   * tokens it generated this way.
   *
   * @throws ChittySyncException when the class is missing or its constructor fails
   */
  @SuppressWarnings("unchecked")
  public static LocalFunction load(FunctionSpec spec, Map<String, String> extraEnv) {
    try {
      Class<?> type = Class.forName(spec.handlerClass());
      Object handler;
      Constructor<?> withEnv = extraEnv.isEmpty() ? null : envConstructor(type);
      if (withEnv != null) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extraEnv);
        handler = withEnv.newInstance(Map.copyOf(env));
      } else {
        handler = type.getDeclaredConstructor().newInstance();
      }
      return new LocalFunction(spec.name(), (RequestHandler<Object, Object>) handler);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      if (cause instanceof ChittySyncException cse) {
        throw cse;
      }
      throw new ChittySyncException(
          ErrorCode.INTERNAL,
          "cannot initialise function '"
              + spec.name()
              + "' ("
              + spec.handlerClass()
              + "): "
              + cause,
          cause);
    }
  }

  private static Constructor<?> envConstructor(Class<?> type) {
    try {
      return type.getConstructor(Map.class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** The function's name. */
  public String name() {
    return name;
  }

  /** The event type the handler takes. */
  public Class<?> inputType() {
    return inputType;
  }

  /** Handles an event already in object form. */
  public Object invoke(Object event) {
    return handler.handleRequest(event, new LocalContext(name));
  }

  /** Handles a JSON event and returns the JSON response, as the Lambda runtime would. */
  public String invokeJson(String eventJson) {
    Object event = serializer(inputType).fromJson(eventJson);
    Object response = invoke(event);
    if (response == null) {
      return "null";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer(outputType).toJson(response, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static PojoSerializer<Object> serializer(Class<Object> type) {
    return LambdaEventSerializers.serializerFor(type, LocalFunction.class.getClassLoader());
  }

  private static Type[] handlerTypes(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          return p.getActualTypeArguments();
        }
      }
    }
    throw new IllegalArgumentException(type + " does not implement RequestHandler<I, O>");
  }

  @SuppressWarnings("unchecked")
  private static Class<Object> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return (Class<Object>) c;
    }
    if (t instanceof ParameterizedType p) {
      return (Class<Object>) p.getRawType();
    }
    return (Class<Object>) (Class<?>) Object.class;
  }

  @Override
  public String toString() {
    return "LocalFunction[" + Objects.requireNonNull(name) + "]";
  }
}
