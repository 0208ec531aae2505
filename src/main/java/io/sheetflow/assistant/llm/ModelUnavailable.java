package io.sheetflow.assistant.llm;

/**
 * The model could not be used for this message; the message says why, in words shown to the user.
 * {@code timedOut}: it did not answer in time (rather than answering with an error).
 */
public class ModelUnavailable extends RuntimeException {
    private final boolean timedOut;

    public ModelUnavailable(String message) {
        this(message, null, false);
    }

    public ModelUnavailable(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ModelUnavailable(String message, Throwable cause, boolean timedOut) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
