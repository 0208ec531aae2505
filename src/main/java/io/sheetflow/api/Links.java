package io.sheetflow.api;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * Absolute URLs for responses and events. The base is {@code sheetflow.public-url} when set (behind a proxy
 * or API Gateway), else the embedded server's own URL.
 */
@Singleton
public class Links {
    public static final String API = "/api/v1";
    public static final String CHATS = API + "/chat/workflows";

    private final String publicUrl;
    private final String webSocketUrl;
    private final BeanProvider<EmbeddedServer> server;

    public Links(@Nullable @Value("${sheetflow.public-url:}") String publicUrl,
                 @Nullable @Value("${sheetflow.websocket.public-url:}") String webSocketUrl,
                 BeanProvider<EmbeddedServer> server) {
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl);
        this.webSocketUrl = webSocketUrl == null || webSocketUrl.isBlank() ? null : stripSlash(webSocketUrl);
        this.server = server;
    }

    public String base() {
        if (publicUrl != null) {
            return publicUrl;
        }
        return server.find(null).map(s -> stripSlash(s.getURL().toString())).orElse("");
    }

    public String fileDownload(UUID chatId, UUID fileId) {
        return base() + CHATS + "/" + chatId + "/files/id/" + fileId;
    }

    public String run(UUID chatId, UUID runId) {
        return base() + CHATS + "/" + chatId + "/runs/" + runId;
    }

    public String events(UUID chatId) {
        return base() + CHATS + "/" + chatId + "/events";
    }

    /**
     * Where a client follows a conversation live: the API Gateway WebSocket API ({@code sheetflow.websocket.public-url},
     * which routes no paths, so the chat is a query parameter) or this server's {@code /chat/{chat_id}}.
     */
    public String webSocket(UUID chatId) {
        if (webSocketUrl != null) {
            return webSocketUrl + "?chat_id=" + chatId;
        }
        return base().replaceFirst("^http", "ws") + "/chat/" + chatId;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
