package io.sheetflow.api;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import io.sheetflow.archive.ArchiveSettings;
import io.sheetflow.file.UploadSettings;
import jakarta.inject.Singleton;

/**
 * Lets a request carry a file of exactly the upload limit, and a restore an archive of the archive limit: the
 * server's request-size cap gets the larger of the two plus headroom for the multipart envelope, so our own
 * checks (counted as the streamed endpoints read) answer 413 with a clear message. JSON bodies keep their own
 * smaller limit ({@code JsonBodySizeFilter}).
 */
@Singleton
public class RequestSizeConfigurer implements BeanCreatedEventListener<HttpServerConfiguration> {
    private static final long ENVELOPE_HEADROOM = 1024 * 1024;
    private final UploadSettings uploads;
    private final ArchiveSettings archives;

    public RequestSizeConfigurer(UploadSettings uploads, ArchiveSettings archives) {
        this.uploads = uploads;
        this.archives = archives;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration config = event.getBean();
        long needed = Math.max(uploads.maxBytes(), archives.maxArchiveBytes()) + ENVELOPE_HEADROOM;
        if (config.getMaxRequestSize() < needed) {
            config.setMaxRequestSize(needed);
        }
        long file = uploads.maxBytes() + ENVELOPE_HEADROOM;
        if (config.getMultipart().getMaxFileSize() < file) {
            config.getMultipart().setMaxFileSize(file);
        }
        return config;
    }
}
