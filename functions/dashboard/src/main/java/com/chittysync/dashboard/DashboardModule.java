package com.chittysync.dashboard;

import com.chittysync.dashboard.audit.AuditRoutes;
import com.chittysync.dashboard.fleet.FleetRoutes;
import com.chittysync.dashboard.registry.RegistryRoutes;
import com.chittysync.dashboard.review.ReviewRoutes;
import com.chittysync.dashboard.review.SchemaValueCheck;
import com.chittysync.dashboard.review.ValueCheck;
import com.chittysync.dashboard.web.Assets;
import com.chittysync.dashboard.web.Routes;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import javax.inject.Singleton;

/** The dashboard's pages: every route group, the static assets, the schema check for values. */
@Module
public abstract class DashboardModule {
  private DashboardModule() {}

  @Provides
  @Singleton
  static Assets assets() {
    return new Assets();
  }

  @Binds
  @IntoSet
  abstract Routes fleet(FleetRoutes routes);

  @Binds
  @IntoSet
  abstract Routes registry(RegistryRoutes routes);

  @Binds
  @IntoSet
  abstract Routes review(ReviewRoutes routes);

  @Binds
  @IntoSet
  abstract Routes audit(AuditRoutes routes);

  @Binds
  @IntoSet
  abstract Routes signIn(SignInRoutes routes);

  @Binds
  abstract Access access(SeamAccess access);

  @Binds
  abstract ValueCheck valueCheck(SchemaValueCheck check);
}
