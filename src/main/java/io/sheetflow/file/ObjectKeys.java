package io.sheetflow.file;

import java.util.UUID;
import java.util.regex.Pattern;

/** Server-chosen object keys: {@code chats/{chat_id}/{file_id}} and {@code stateless/{output_id}}. */
public final class ObjectKeys {
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*/?");

    private ObjectKeys() {
    }

    public static String forFile(UUID chatId, UUID fileId) {
        return chatPrefix(chatId) + fileId;
    }

    /**
     * Where a direct upload's client PUTs its bytes before {@code complete}: the presigned URL names this key, not
     * the file's, so whatever is PUT after the file was verified and moved to its own key never reaches it.
     */
    public static String forStagedUpload(UUID chatId, UUID uploadId) {
        return chatPrefix(chatId) + "uploads/" + uploadId;
    }

    /** A file made by a stateless operation endpoint (not part of a conversation). */
    public static String forStatelessOutput(UUID outputId) {
        return "stateless/" + outputId;
    }

    public static String chatPrefix(UUID chatId) {
        return "chats/" + chatId + "/";
    }

    /** Defence in depth for adapters that map keys onto a filesystem. */
    public static String requireSafe(String key) {
        if (key == null || !SAFE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Unsafe object key: " + key);
        }
        return key;
    }
}
