package io.sheetflow.archive;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Lets a restore request carry an archive of the archive limit: the server's request-size cap is raised to it
 * (plus the multipart envelope), so {@link ArchiveRestorer} answers 413 itself with a clear message. Other
 * streamed endpoints keep their own limits, counted as they read.
 */
@Singleton
public class ArchiveLimitConfigurer implements BeanCreatedEventListener<HttpServerConfiguration> {
    private static final long ENVELOPE_HEADROOM = 1024 * 1024;
    private final ArchiveSettings settings;

    public ArchiveLimitConfigurer(ArchiveSettings settings) {
        this.settings = settings;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration config = event.getBean();
        long needed = settings.maxArchiveBytes() + ENVELOPE_HEADROOM;
        if (config.getMaxRequestSize() < needed) {
            config.setMaxRequestSize(needed);
        }
        return config;
    }
}
