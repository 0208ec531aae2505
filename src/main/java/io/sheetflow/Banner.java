package io.sheetflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.sheetflow.security.AuthSettings;
import io.sheetflow.security.ServerToken;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Tells whoever started the server where to find it. */
@Singleton
@Requires(notEnv = {"test", "lambda"})
public class Banner {
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

    /** The web UI's sign-in link: the token in the URL fragment, which the page reads and removes. */
    static String openUrl(String http, String token) {
        return http + "/#token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
    }
}
