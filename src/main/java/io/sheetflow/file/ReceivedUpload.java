package io.sheetflow.file;

import java.util.UUID;

/** The answer to a direct upload's content PUT: the upload to complete next. */
public record ReceivedUpload(UUID fileId) {
}
