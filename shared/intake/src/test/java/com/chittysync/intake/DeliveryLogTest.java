package com.chittysync.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.store.Database;
import com.chittysync.store.DatabaseSettings;
import com.chittysync.store.Migrator;
import com.chittysync.testkit.TestDatabase;
import com.chittysync.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {
  private TestDatabase db;
  private Database database;

  @BeforeEach
  void open() {
    db = TestPostgres.createDatabase();
    DatabaseSettings settings = DatabaseSettings.from(Environment.of(db.env()));
    Migrator.of(settings).migrate();
    database = Database.open(settings);
  }

  @AfterEach
  void close() {
    database.close();
    db.close();
  }

  @Test
  void aConnectionLostWhileRecordingADeliveryIsDatabaseUnavailable() {
    // The server ends the backend as pg_terminate_backend from an operator or a failover would.
    database.withConnection(
        c -> {
          try (var st = c.createStatement()) {
            st.execute(
                "CREATE FUNCTION chittysync.hang_up() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;"
                    + "CREATE TRIGGER hang_up BEFORE INSERT ON chittysync.webhook_deliveries"
                    + " FOR EACH ROW EXECUTE FUNCTION chittysync.hang_up()");
          }
          return null;
        });
    DeliveryLog log = new DeliveryLog(database);

    assertThatThrownBy(() -> log.claim("notion", "evt-1", "page.created", "p-1", List.of("people")))
        .isInstanceOfSatisfying(
            ChittySyncException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
  }
}
