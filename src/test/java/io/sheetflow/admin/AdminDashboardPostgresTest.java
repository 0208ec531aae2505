package io.sheetflow.admin;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.EmbeddedPostgres;

import java.util.Map;

/** The dashboard's queries and figures on a real PostgreSQL 16 (embedded binaries, started once per test run). */
@MicronautTest(transactional = false)
class AdminDashboardPostgresTest extends AdminDashboardTest {

    @Override
    protected Map<String, String> databaseProperties() {
        return EmbeddedPostgres.newDatabaseProperties();
    }
}
