package io.sheetflow.operation.rest;

import io.sheetflow.file.FileService.CheckedUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

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
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: the work directory is swept on start-up too
        }
    }
}
