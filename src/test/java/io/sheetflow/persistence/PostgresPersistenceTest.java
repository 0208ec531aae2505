package io.sheetflow.persistence;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.EmbeddedPostgres;

import java.util.Map;

/** The persistence contract on a real PostgreSQL 16 (embedded binaries, started once per test run). */
@MicronautTest(transactional = false)
class PostgresPersistenceTest extends PersistenceContract {

    @Override
    protected Map<String, String> extraProperties() {
        return EmbeddedPostgres.newDatabaseProperties();
    }
}
