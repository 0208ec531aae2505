package io.sheetflow.archive;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archive's ids (conversation, files, runs, steps, messages) to the restored conversation's new ones. JSON
 * columns (metadata, step results, event payloads, download URLs in them) get every archived id they mention
 * replaced; ids are random UUIDs, so a textual match is the id. Ids the archive does not define stay as they were:
 * they can reach nothing, every lookup is scoped to its conversation.
 */
final class IdMap {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Map<UUID, UUID> ids = new HashMap<>();

    UUID assign(UUID old) {
        return ids.computeIfAbsent(old, o -> UUID.randomUUID());
    }

    /** The new id of an archived one, or null when the archive did not define it. */
    UUID get(UUID old) {
        return old == null ? null : ids.get(old);
    }

    boolean defines(UUID old) {
        return ids.containsKey(old);
    }

    String remap(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = UUID_TEXT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            UUID found = UUID.fromString(m.group());
            UUID replacement = ids.get(found);
            m.appendReplacement(out, replacement == null ? m.group() : replacement.toString());
        }
        m.appendTail(out);
        return out.toString();
    }
}
