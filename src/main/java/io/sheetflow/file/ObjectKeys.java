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
