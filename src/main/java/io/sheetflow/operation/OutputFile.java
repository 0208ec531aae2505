package io.sheetflow.operation;

import java.nio.file.Path;

/**
 * A file an operation writes; the service stores and records it after the step succeeds. {@code displayName}
 * is the suggested name with its extension; the stored name is made unique in the conversation.
 */
public record OutputFile(String displayName, String extension, Path path) {
}
