package io.sheetflow.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.Application;
import io.sheetflow.work.WorkDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the AppCDS archive (docs/transfers-and-startup.md): started by the build under
 * {@code -XX:ArchiveClassesAtExit}, it starts the application as {@link Application} does, answers one health
 * request (so the request path's classes are archived too), stops it and exits, and the JVM writes the archive.
 * It uses a fresh temporary data directory (first run: database created and migrated, token generated) and a
 * random port, deleted and closed afterwards.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Files.createTempDirectory("sheetflow-cds-training-");
        // System properties rank above the environment and application.yml
        System.setProperty("sheetflow.data-dir", dataDir.toString());
        System.setProperty("micronaut.server.port", "-1");
        try (ApplicationContext context = Micronaut.build(args).mainClass(Application.class).banner(false).start()) {
            URL health = new URL(context.getBean(EmbeddedServer.class).getURL(), "/api/v1/health");
            HttpURLConnection connection = (HttpURLConnection) health.openConnection();
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("health answered " + connection.getResponseCode());
            }
        } finally {
            WorkDirectory.deleteQuietly(dataDir);
        }
        System.exit(0); // non-daemon threads of libraries must not keep the JVM (and the build) waiting
    }
}
