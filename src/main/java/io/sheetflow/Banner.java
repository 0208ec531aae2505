package io.sheetflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.sheetflow.logging.LogFormat;
import io.sheetflow.security.AuthSettings;
import io.sheetflow.security.ServerToken;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Tells whoever started the server where to find it. */
@Singleton
@Requires(notEnv = {"test", "lambda"})
public class Banner {
    private static final Logger LOG = LoggerFactory.getLogger(Banner.class);
    private final Path dataDir;
    private final ServerToken serverToken;
    private final AuthSettings auth;

    public Banner(@Value("${sheetflow.data-dir}") Path dataDir, ServerToken serverToken, AuthSettings auth) {
        this.dataDir = dataDir;
        this.serverToken = serverToken;
        this.auth = auth;
    }

    @EventListener
    public void onStartup(ServerStartupEvent event) {
        String http = event.getSource().getURL().toString().replaceAll("/$", "");
        String ws = http.replaceFirst("^http", "ws");
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        if (LogFormat.active() == LogFormat.JSON) {
            logStartup(http, ws, uptime);
            return;
        }
        System.out.println();
        System.out.println("  Sheetflow is running (started in " + uptime + " ms)");
        System.out.println("  Web UI     " + http + "/");
        System.out.println("  REST API   " + http + "/api/v1   (health: " + http + "/api/v1/health)");
        System.out.println("  WebSocket  " + ws + "/chat/{chat_id}   user stream: " + ws + "/events");
        System.out.println("  Data       " + dataDir.toAbsolutePath().normalize());
        if (auth.disabled()) {
            System.out.println("  Auth       NONE: authentication is disabled (loopback only)");
        } else {
            serverToken.generatedToken().ifPresent(token -> {
                // A fragment, not a query: browsers never send it, so the token stays out of server and proxy logs.
                System.out.println("  Open       " + openUrl(http, token) + "   (signs the web UI in)");
                System.out.println("  Token      " + token + "   (first run: kept in the data dir; send it as 'Authorization: Bearer <token>')");
                System.out.println("  Try        curl -H 'Authorization: Bearer " + token + "' " + http + "/api/v1/chat/workflows");
            });
        }
        System.out.println();
    }

    /**
     * JSON logs go to log pipelines, where a first-run token must not end up: the line says where the token is
     * kept instead of printing it.
     */
    private void logStartup(String http, String ws, long uptime) {
        String authentication = auth.disabled() ? "authentication is disabled (loopback only)"
                : serverToken.generatedToken().isPresent()
                ? "a first-run server token was generated and kept in " + dataDir.resolve("server-token").toAbsolutePath()
                        .normalize() + " (not logged)" : "configured";
        LOG.info("Sheetflow is running (started in {} ms): web UI {}/, REST API {}/api/v1, WebSocket {}/chat/{chat_id}, "
                + "data {}, auth: {}", uptime, http, http, ws, dataDir.toAbsolutePath().normalize(), authentication);
    }

    /** The web UI's sign-in link: the token in the URL fragment, which the page reads and removes. */
    static String openUrl(String http, String token) {
        return http + "/#token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
    }
}
