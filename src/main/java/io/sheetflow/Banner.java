package io.sheetflow;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/** Tells whoever started the server where to find it. */
@Singleton
@Requires(notEnv = "test")
public class Banner {
    private final Path dataDir;

    public Banner(@Value("${sheetflow.data-dir}") Path dataDir) {
        this.dataDir = dataDir;
    }

    @EventListener
    public void onStartup(ServerStartupEvent event) {
        String http = event.getSource().getURL().toString().replaceAll("/$", "");
        String ws = http.replaceFirst("^http", "ws");
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println();
        System.out.println("  Sheetflow is running (started in " + uptime + " ms)");
        System.out.println("  REST API   " + http + "/api/v1   (health: " + http + "/api/v1/health)");
        System.out.println("  WebSocket  " + ws + "/chat/{chat_id}   user stream: " + ws + "/events");
        System.out.println("  Data       " + dataDir.toAbsolutePath().normalize());
        System.out.println();
    }
}
