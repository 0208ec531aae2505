package io.sheetflow.event;

/**
 * Delivers an already-logged event to the live subscribers of its conversation (and run status changes to
 * the owner's user-wide stream). Implementations never throw: a failed delivery must not fail a workflow,
 * and clients recover missed events from the log.
 */
public interface EventPublisher {
    void deliver(StoredEvent event, String owner);
}
