package com.chittysync.web.auth;

import com.chittysync.core.config.ConfigModule;
import com.chittysync.core.config.Environment;
import com.chittysync.core.config.RawEnvironment;
import com.chittysync.core.config.SecretResolver;
import dagger.BindsInstance;
import dagger.Component;
import java.time.Clock;
import java.util.Map;
import javax.inject.Singleton;

/** The seam wired as a function wires it: {@link WebAuthModule} over an environment and a clock. */
@Singleton
@Component(modules = {ConfigModule.class, WebAuthModule.class})
interface TestWebComponent {
  WebAuthSettings settings();

  Authenticator authenticator();

  AccessControl access();

  Csrf csrf();

  SessionCookies sessions();

  LoginRoutes loginRoutes();

  Environment environment();

  static TestWebComponent create(Map<String, String> env, Clock clock) {
    return DaggerTestWebComponent.factory()
        .create(
            env,
            reference -> {
              throw new IllegalStateException("no secret store in tests: " + reference);
            },
            clock);
  }

  @Component.Factory
  interface Factory {
    TestWebComponent create(
        @BindsInstance @RawEnvironment Map<String, String> env,
        @BindsInstance SecretResolver resolver,
        @BindsInstance Clock clock);
  }
}
