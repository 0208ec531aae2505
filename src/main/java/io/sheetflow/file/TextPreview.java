package io.sheetflow.file;

import java.util.UUID;

/** The beginning of a text file (JSON, SQL, CSV): {@code truncated} when the file is longer than {@code text}. */
public record TextPreview(
        UUID fileId,
        String filename,
        String format,
        long size,
        String text,
        int bytesReturned,
        boolean truncated) {
}
