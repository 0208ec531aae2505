package io.sheetflow.event;

import java.util.Set;

/** Event {@code type} values of the live protocol; every event also carries chat_id, run_id, seq and timestamp. */
public final class EventTypes {
    /**
     * The version of the live protocol (docs/events.md), sent in every {@code connected} frame. It changes only when
     * a change would break a client written for the previous one; new event types and new fields do not change it.
     */
    public static final int PROTOCOL_VERSION = 1;
    public static final String CONNECTED = "connected";
    public static final String PONG = "pong";
    public static final String ACK = "ack";
    public static final String ERROR = "error";
    public static final String WORKFLOW_QUEUED = "workflow_queued";
    public static final String WORKFLOW_STARTED = "workflow_started";
    public static final String PROGRESS = "progress";
    public static final String STEP_RESULT = "step_result";
    public static final String WORKFLOW_COMPLETED = "workflow_completed";
    public static final String WORKFLOW_FAILED = "workflow_failed";
    public static final String WORKFLOW_CANCELLED = "workflow_cancelled";
    public static final String FILE_UPLOADED = "file_uploaded";
    public static final String ASSISTANT_QUEUED = "assistant_queued";
    public static final String ASSISTANT_STARTED = "assistant_started";
    public static final String ASSISTANT_DELTA = "assistant_delta";
    public static final String ASSISTANT_MESSAGE = "assistant_message";

    /** Run status changes, also delivered to the owner's user-wide stream. */
    public static final Set<String> RUN_STATUS = Set.of(WORKFLOW_QUEUED, WORKFLOW_STARTED, WORKFLOW_COMPLETED,
            WORKFLOW_FAILED, WORKFLOW_CANCELLED);

    private EventTypes() {
    }
}
