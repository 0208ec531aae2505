package io.sheetflow.conversation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where queued assistant replies stand. A conversation's replies are written one at a time and in order (on a
 * local server and on Lambda alike), so a queued reply's {@code queue_position} is the number of that
 * conversation's replies ahead of it: older ones still queued or being written. 0: it is next; it starts when a
 * writer is free (the server's {@code sheetflow.assistant.threads}, on Lambda a worker), which this does not count.
 */
public final class QueuePositions {
    private QueuePositions() {
    }

    /** @param unfinished the conversation's replies not ended yet, oldest first ({@link MessageRepository#findUnfinished}) */
    public static Map<UUID, Integer> of(List<Message> unfinished) {
        Map<UUID, Integer> positions = new HashMap<>();
        for (int i = 0; i < unfinished.size(); i++) {
            if (unfinished.get(i).state() == MessageState.QUEUED) {
                positions.put(unfinished.get(i).id(), i);
            }
        }
        return positions;
    }

    /** The positions of the queued messages among {@code shown}; no query when none of them is queued. */
    public static Map<UUID, Integer> of(List<Message> shown, UUID conversationId, MessageRepository messages) {
        return shown.stream().anyMatch(m -> m.state() == MessageState.QUEUED)
                ? of(messages.findUnfinished(conversationId)) : Map.of();
    }
}
