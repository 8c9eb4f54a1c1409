package com.chittysync.core.config;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/**
 * Qualifies the raw {@code Map<String, String>} of environment variables a component is created
 * with: {@code System.getenv()} in a deployed function, a test's own map in tests.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface RawEnvironment {}
