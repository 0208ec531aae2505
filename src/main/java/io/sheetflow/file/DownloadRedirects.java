package io.sheetflow.file;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * On AWS ({@code sheetflow.downloads.presigned-redirect}, set in application-lambda.yml) downloads answer 307 to a
 * short-lived presigned GET of the store, named by Content-Disposition, instead of streaming through the function.
 */
@Singleton
public class DownloadRedirects {
    private final ObjectStore store;
    private final boolean enabled;
    private final Duration ttl;

    public DownloadRedirects(ObjectStore store,
                             @Value("${sheetflow.downloads.presigned-redirect:false}") boolean enabled,
                             @Value("${sheetflow.downloads.presign-ttl:5m}") Duration ttl) {
        this.store = store;
        this.enabled = enabled;
        this.ttl = ttl;
    }

    public Optional<HttpResponse<?>> redirect(String objectKey, String displayName, String contentType, String sha256) {
        if (!enabled) {
            return Optional.empty();
        }
        return store.presignGet(objectKey, ttl, displayName, contentType)
                .map(url -> HttpResponse.temporaryRedirect(url)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("X-Content-SHA256", sha256));
    }
}
