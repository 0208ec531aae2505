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
    private final BeanProvider<EmbeddedServer> server;

    public Links(@Nullable @Value("${sheetflow.public-url:}") String publicUrl, BeanProvider<EmbeddedServer> server) {
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl);
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

    public String webSocket(UUID chatId) {
        return base().replaceFirst("^http", "ws") + "/chat/" + chatId;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
