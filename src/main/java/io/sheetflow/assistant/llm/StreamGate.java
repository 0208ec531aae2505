package io.sheetflow.assistant.llm;

import io.sheetflow.assistant.Planner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way text reaches the reply's sink, remembering all it sent: the reply's final text must be exactly its
 * streamed chunks. Once closed, late chunks of the model (its HTTP thread may still deliver after a timeout) are
 * dropped, while the planner still adds its own text after them.
 */
final class StreamGate {
    private static final Logger LOG = LoggerFactory.getLogger(StreamGate.class);

    private final Planner.TextSink sink;
    private final StringBuilder sent = new StringBuilder();
    private boolean closed;

    StreamGate(Planner.TextSink sink) {
        this.sink = sink;
    }

    synchronized void fromModel(String chunk) {
        if (closed) {
            return;
        }
        try {
            send(chunk);
        } catch (RuntimeException e) {
            // not thrown into the HTTP client's thread; the rest of the answer is not streamed
            LOG.warn("A streamed chunk could not be written: {}", e.toString());
            closed = true;
        }
    }

    synchronized void close() {
        closed = true;
    }

    /** Appends {@code text} to what was sent, after a blank line when something came before. */
    synchronized void append(String text) {
        send(sent.isEmpty() ? text : "\n\n" + text);
    }

    synchronized String text() {
        return sent.toString();
    }

    private void send(String chunk) {
        if (!chunk.isEmpty()) {
            sink.accept(chunk);
            sent.append(chunk);
        }
    }
}
