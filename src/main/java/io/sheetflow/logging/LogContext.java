package io.sheetflow.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.MutablePropagatedContext;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The context fields of log lines (MDC keys, the field names of JSON lines): who and what a line is about.
 * Requests get theirs from the request filters, a run's execution from {@link #run}.
 */
public final class LogContext {
    public static final String REQUEST_ID = "request_id";
    public static final String USER = "user";
    public static final String CHAT_ID = "chat_id";
    public static final String RUN_ID = "run_id";

    private LogContext() {
    }

    /**
     * Adds fields to a request's context: they are in the MDC of every thread the request continues on
     * (blocking controllers run on another thread than the filters), not left on the filter's thread.
     */
    public static void addToRequest(MutablePropagatedContext request, Map<String, String> fields) {
        MdcPropagationContext current = request.getContext().find(MdcPropagationContext.class).orElse(null);
        // The first fields start from the thread's MDC: on Lambda it holds the invocation's AWSRequestId.
        Map<String, String> base = current == null ? MDC.getCopyOfContextMap() : current.state();
        Map<String, String> merged = new HashMap<>(base == null ? Map.of() : base);
        fields.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        MdcPropagationContext updated = new MdcPropagationContext(Map.copyOf(merged));
        if (current == null) {
            request.add(updated);
        } else {
            request.replace(current, updated);
        }
    }

    /** The run this thread executes from now on; closing the scope restores what the MDC had before. */
    public static Scope run(UUID runId) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        MDC.put(RUN_ID, runId.toString());
        return () -> {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        };
    }

    /** Within {@link #run}: whose run it is, once it has been read. */
    public static void runOwner(String user, UUID chatId) {
        if (user != null) {
            MDC.put(USER, user);
        }
        if (chatId != null) {
            MDC.put(CHAT_ID, chatId.toString());
        }
    }

    /** A scope of log context fields. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
