package io.sheetflow.file;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The answer to {@code POST .../uploads}: PUT the bytes to {@code uploadUrl} with {@code headers}, then POST {@code completeUrl}. */
public record DirectUploadTicket(
        UUID fileId,
        String filename,
        long size,
        String uploadUrl,
        String method,
        Map<String, String> headers,
        Instant expiresAt,
        String completeUrl) {
}
