package io.sheetflow.workflow;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** In-process cancel flags of the runs executing here; the database flag covers other processes. */
@Singleton
public class CancellationRegistry {
    private final Map<UUID, AtomicBoolean> flags = new ConcurrentHashMap<>();

    AtomicBoolean register(UUID runId) {
        return flags.computeIfAbsent(runId, id -> new AtomicBoolean());
    }

    void unregister(UUID runId) {
        flags.remove(runId);
    }

    /** @return true when the run is executing in this process (and now flagged) */
    boolean cancel(UUID runId) {
        AtomicBoolean flag = flags.get(runId);
        if (flag != null) {
            flag.set(true);
            return true;
        }
        return false;
    }

    public int executing() {
        return flags.size();
    }
}
