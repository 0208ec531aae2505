package io.sheetflow.file;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the server at hand sends a download's bytes best. Only the Netty server has one
 * ({@link NettyDownloadTransport}); without it {@link FileDownloads} falls back to Micronaut's StreamedFile.
 */
public interface DownloadTransport {

    /**
     * Marks {@code response} so that {@code length} bytes of {@code file} from {@code offset} follow its headers
     * straight from the page cache to the socket (sendfile). Empty when this request's connection cannot take a
     * file region (not GET, HTTP/2, TLS): the caller streams instead.
     */
    Optional<MutableHttpResponse<?>> fileRegion(HttpRequest<?> request, MutableHttpResponse<?> response, Path file,
                                                long offset, long length) throws IOException;

    /**
     * A response body streaming {@code length} bytes of {@code content} in large chunks read on the blocking
     * executor, one chunk ahead of the socket (memory stays bounded however slow the client is). Closes
     * {@code content} at the end, on error and on cancel.
     */
    Object stream(HttpRequest<?> request, InputStream content, long length);
}
