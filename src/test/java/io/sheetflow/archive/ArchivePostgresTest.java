package io.sheetflow.archive;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.EmbeddedPostgres;

import java.util.Map;

/** The archive contract on a real PostgreSQL 16 (embedded binaries, started once per test run). */
@MicronautTest(transactional = false)
class ArchivePostgresTest extends ArchiveContract {

    @Override
    protected Map<String, String> databaseProperties() {
        return EmbeddedPostgres.newDatabaseProperties();
    }
}
