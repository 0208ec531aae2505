package io.sheetflow.health;

import io.sheetflow.realtime.LocalEventHub;
import io.sheetflow.workflow.RunQueue;

/** {@code GET /api/v1/stats}: this instance's WebSocket connections and the run queue. */
public record Stats(LocalEventHub.ConnectionStats websocket, RunQueue.QueueStats runs) {
}
