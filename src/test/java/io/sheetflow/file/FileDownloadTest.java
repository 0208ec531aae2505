package io.sheetflow.file;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** {@link DownloadContract} on the embedded filesystem store. */
@MicronautTest
class FileDownloadTest extends DownloadContract {
}
