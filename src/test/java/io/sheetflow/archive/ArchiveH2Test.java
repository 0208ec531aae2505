package io.sheetflow.archive;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** The archive contract on the embedded default: H2 in PostgreSQL mode. */
@MicronautTest(transactional = false)
class ArchiveH2Test extends ArchiveContract {
}
