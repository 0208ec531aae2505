package io.sheetflow.aws;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

import java.time.Duration;

/**
 * Sends one message to one API Gateway WebSocket connection (PostToConnection). A 410 Gone means the
 * connection is dead: exactly its row is deleted. Throttling, server errors and I/O failures are retried with
 * exponential backoff, a bounded number of times; nothing is ever thrown to the caller.
 */
@Singleton
@Requires(env = "lambda")
public class ConnectionSender {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSender.class);

    public enum Delivery { SENT, GONE, FAILED }

    private final ApiGatewayManagementApiClient client;
    private final WebSocketConnectionRepository connections;
    private final int attempts;
    private final Duration backoff;

    public ConnectionSender(ApiGatewayManagementApiClient client, WebSocketConnectionRepository connections,
                            @Value("${sheetflow.websocket.post-attempts:3}") int attempts,
                            @Value("${sheetflow.websocket.post-backoff:100ms}") Duration backoff) {
        this.client = client;
        this.connections = connections;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    public Delivery send(String connectionId, byte[] utf8Json) {
        SdkBytes data = SdkBytes.fromByteArrayUnsafe(utf8Json);
        for (int attempt = 1; ; attempt++) {
            try {
                client.postToConnection(b -> b.connectionId(connectionId).data(data));
                return Delivery.SENT;
            } catch (GoneException gone) {
                forget(connectionId);
                return Delivery.GONE;
            } catch (SdkException e) {
                if (!retryable(e) || attempt >= attempts) {
                    LOG.warn("Posting to WebSocket connection {} failed after {} attempt(s): {}", connectionId, attempt,
                            e.getMessage());
                    return Delivery.FAILED;
                }
                if (!pause(backoff.multipliedBy(1L << (attempt - 1)))) {
                    return Delivery.FAILED;
                }
            } catch (RuntimeException e) {
                LOG.warn("Posting to WebSocket connection {} failed", connectionId, e);
                return Delivery.FAILED;
            }
        }
    }

    /** Closes the connection on API Gateway's side (its {@code $disconnect} then deletes the row). */
    public void close(String connectionId) {
        try {
            client.deleteConnection(b -> b.connectionId(connectionId));
        } catch (GoneException gone) {
            forget(connectionId);
        } catch (RuntimeException e) {
            LOG.warn("Closing WebSocket connection {} failed: {}", connectionId, e.getMessage());
        }
    }

    private void forget(String connectionId) {
        try {
            connections.deleteById(connectionId);
            LOG.debug("WebSocket connection {} is gone; its row was deleted", connectionId);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the row of gone WebSocket connection {}", connectionId, e);
        }
    }

    /** Throttling (429), server errors (5xx) and failures to reach the endpoint; not other client errors. */
    private static boolean retryable(SdkException e) {
        if (e instanceof SdkServiceException service) {
            return service.statusCode() == 429 || service.statusCode() >= 500 || service.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
