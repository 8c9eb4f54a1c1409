package com.chittysync.core;

import dagger.Module;
import dagger.Provides;
import java.time.Clock;

/** Provides the wall clock; tests build their components with a fixed or stepped one instead. */
@Module
public final class TimeModule {
  private TimeModule() {}

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }
}
