package io.sheetflow.aws;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.sheetflow.event.EventPublisher;
import io.sheetflow.event.StoredEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live events on AWS: each event is posted (PostToConnection) to every WebSocket connection that follows its
 * conversation, several connections at once but at most {@code sheetflow.websocket.post-parallelism}.
 * Delivery finishes before the next event is delivered, so every connection receives a conversation's events
 * in {@code seq} order, and nothing is left in flight when the Lambda invocation ends. Connections that are being
 * sent a replay are skipped: the replay catches up on what was logged meanwhile. Never throws.
 */
@Singleton
@Requires(env = "lambda")
public class ApiGatewayEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayEventPublisher.class);
    private static final long DELIVERY_TIMEOUT_SECONDS = 60;

    private final WebSocketConnectionRepository connections;
    private final ConnectionSender sender;
    private final ApiGatewayFrames frames;
    private final ExecutorService posting;

    public ApiGatewayEventPublisher(WebSocketConnectionRepository connections, ConnectionSender sender,
                                    ApiGatewayFrames frames,
                                    @Value("${sheetflow.websocket.post-parallelism:8}") int parallelism) {
        this.connections = connections;
        this.sender = sender;
        this.frames = frames;
        AtomicInteger threads = new AtomicInteger();
        this.posting = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread thread = new Thread(r, "websocket-post-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void deliver(StoredEvent event, String owner) {
        try {
            List<String> targets = connections.findLiveConnectionIdsOf(event.chatId(), Instant.now());
            if (targets.isEmpty()) {
                return;
            }
            byte[] frame = frames.fit(event);
            if (targets.size() == 1) {
                sender.send(targets.get(0), frame);
                return;
            }
            List<Callable<ConnectionSender.Delivery>> posts = new ArrayList<>(targets.size());
            for (String connectionId : targets) {
                posts.add(() -> sender.send(connectionId, frame));
            }
            posting.invokeAll(posts, DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Live delivery of event {} #{} failed; clients recover it from the log", event.type(), event.seq(), e);
        }
    }

    @PreDestroy
    void stop() {
        posting.shutdownNow();
    }
}
