package io.sheetflow.realtime;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sheetflow.event.StoredEvent;

/**
 * An event as a ready WebSocket frame. The JSON is encoded once per event; each session gets a frame that
 * wraps the same bytes, instead of encoding the text again for every subscriber.
 */
final class Frames {
    private Frames() {
    }

    static TextWebSocketFrame text(StoredEvent event) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(event.utf8()));
    }
}
