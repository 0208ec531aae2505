package io.sheetflow.operation;

import java.nio.file.Path;

/** A file an operation writes; the service stores and records it after the step succeeds. */
public record OutputFile(String displayName, String extension, Path path) {
}
