package io.sheetflow.file;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Lets a multipart request carry a file of exactly the upload limit: the server's request-size cap gets
 * headroom for the multipart envelope, so our own check answers 413 with a clear message.
 */
@Singleton
public class UploadLimitConfigurer implements BeanCreatedEventListener<HttpServerConfiguration> {
    private static final long ENVELOPE_HEADROOM = 1024 * 1024;
    private final UploadSettings settings;

    public UploadLimitConfigurer(UploadSettings settings) {
        this.settings = settings;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration config = event.getBean();
        long needed = settings.maxBytes() + ENVELOPE_HEADROOM;
        if (config.getMaxRequestSize() < needed) {
            config.setMaxRequestSize(needed);
        }
        if (config.getMultipart().getMaxFileSize() < needed) {
            config.getMultipart().setMaxFileSize(needed);
        }
        return config;
    }
}
