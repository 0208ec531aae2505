package io.sheetflow.operation.rest;

import io.sheetflow.file.FileService.CheckedUpload;
import io.sheetflow.work.WorkDirectory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of one stateless request: uploaded files (checked and spooled into a private directory) by part
 * name, and the text fields. Closing it deletes the directory and everything in it.
 */
final class StatelessRequest implements AutoCloseable {
    private final Path directory;
    private final Map<String, CheckedUpload> files = new LinkedHashMap<>();
    private final Map<String, String> fields = new LinkedHashMap<>();

    StatelessRequest(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Map<String, CheckedUpload> files() {
        return files;
    }

    Map<String, String> fields() {
        return fields;
    }

    @Override
    public void close() {
        WorkDirectory.deleteQuietly(directory);
    }
}
