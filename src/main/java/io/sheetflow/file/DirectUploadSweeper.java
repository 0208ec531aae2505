package io.sheetflow.file;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On a long-running server, removes expired direct uploads on a schedule (Lambda sweeps when uploads start). */
@Singleton
@Requires(notEnv = "lambda")
public class DirectUploadSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(DirectUploadSweeper.class);
    private final DirectUploads uploads;

    public DirectUploadSweeper(DirectUploads uploads) {
        this.uploads = uploads;
    }

    @Scheduled(fixedDelay = "${sheetflow.upload.direct.sweep-interval:5m}", initialDelay = "1m")
    void sweep() {
        try {
            int swept = uploads.sweepExpired();
            if (swept > 0) {
                LOG.info("Removed {} expired direct uploads", swept);
            }
        } catch (RuntimeException e) {
            LOG.warn("Sweeping expired uploads failed", e);
        }
    }
}
