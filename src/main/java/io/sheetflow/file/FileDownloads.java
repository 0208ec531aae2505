package io.sheetflow.file;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.sheetflow.api.ApiException;
import io.sheetflow.metrics.Meters;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.micronaut.http.server.types.files.StreamedFile;

/**
 * The one way a stored object goes out as a download (files by name or id, stateless outputs): Content-Length,
 * RFC 6266 name, strong ETag (the SHA-256), Last-Modified, conditional requests (304) and single byte ranges
 * (206/416). On AWS the answer is a 307 to a presigned URL instead ({@link DownloadRedirects}). Bytes of the
 * filesystem store go out zero-copy ({@link DownloadTransport#fileRegion}), others (S3, TLS, HTTP/2) as a
 * stream of large chunks with one chunk in flight.
 */
@Singleton
public class FileDownloads {
    private final ObjectStore store;
    private final DownloadRedirects redirects;
    private final Optional<DownloadTransport> transport;
    private final Meters meters;

    public FileDownloads(ObjectStore store, DownloadRedirects redirects, Optional<DownloadTransport> transport,
                         Meters meters) {
        this.meters = meters;
        this.store = store;
        this.redirects = redirects;
        this.transport = transport;
    }

    /** What a download needs to know of the stored object. */
    public record Download(String objectKey, String displayName, String contentType, long size, String sha256,
                           Instant createdAt) {
        String etag() {
            return "\"" + sha256 + "\"";
        }

        /** HTTP dates have whole seconds. */
        long lastModifiedMillis() {
            return createdAt.getEpochSecond() * 1000;
        }
    }

    /** A satisfiable byte range: {@code first} to {@code last}, inclusive. */
    record ByteRange(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    public HttpResponse<?> respond(HttpRequest<?> request, Download d) throws IOException {
        var redirect = redirects.redirect(d.objectKey(), d.displayName(), d.contentType(), d.sha256());
        if (redirect.isPresent()) {
            meters.downloaded("redirect", 0);
            return redirect.get();
        }
        HttpHeaders headers = request.getHeaders();
        if (notModified(headers, d)) {
            return withValidators(HttpResponse.notModified(), d);
        }
        ByteRange whole = new ByteRange(0, d.size() - 1);
        ByteRange range = whole;
        MutableHttpResponse<?> response = download(HttpResponse.ok(), d);
        String rangeHeader = headers.get(HttpHeaders.RANGE);
        if (rangeHeader != null && ifRangeHolds(headers.get(HttpHeaders.IF_RANGE), d)) {
            Optional<Optional<ByteRange>> parsed = parseRange(rangeHeader, d.size());
            if (parsed.isPresent()) {
                if (parsed.get().isEmpty()) {
                    return withValidators(HttpResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE), d)
                            .header(HttpHeaders.CONTENT_RANGE, "bytes */" + d.size());
                }
                range = parsed.get().get();
                response.status(HttpStatus.PARTIAL_CONTENT).header(HttpHeaders.CONTENT_RANGE,
                        "bytes " + range.first() + "-" + range.last() + "/" + d.size());
            }
        }
        return send(request, response.contentType(MediaType.of(d.contentType())), d, range, range == whole);
    }

    private MutableHttpResponse<?> send(HttpRequest<?> request, MutableHttpResponse<?> response, Download d,
                                        ByteRange range, boolean whole) throws IOException {
        if (request.getMethod() == HttpMethod.HEAD) {
            return response.header(HttpHeaders.CONTENT_LENGTH, String.valueOf(range.length()));
        }
        meters.downloaded("stream", range.length());
        var local = store.localPath(d.objectKey());
        if (local.isPresent() && transport.isPresent() && range.length() > 0) {
            var region = open(() -> transport.get().fileRegion(request, response, local.get(), range.first(),
                    range.length()));
            if (region.isPresent()) {
                return region.get();
            }
        }
        // A bounded stream of the region (file channel at the offset, or an S3 ranged GET).
        InputStream content = open(() -> whole ? store.get(d.objectKey())
                : store.get(d.objectKey(), range.first(), range.length()));
        if (transport.isPresent()) {
            return response.body(transport.get().stream(request, content, range.length()));
        }
        return response.body(new StreamedFile(content, MediaType.of(d.contentType()), d.lastModifiedMillis(),
                range.length()));
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    private static <T> T open(Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("File content is missing from storage");
        }
    }

    private static MutableHttpResponse<?> download(MutableHttpResponse<?> response, Download d) {
        return withValidators(response, d)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment(d.displayName()))
                .header("X-Content-SHA256", d.sha256());
    }

    private static MutableHttpResponse<?> withValidators(MutableHttpResponse<?> response, Download d) {
        return response.header(HttpHeaders.ETAG, d.etag())
                .header(HttpHeaders.LAST_MODIFIED, httpDate(d.lastModifiedMillis()))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes");
    }

    /** RFC 9110 13.2.2: If-None-Match (weak comparison) decides when present, else If-Modified-Since. */
    static boolean notModified(HttpHeaders headers, Download d) {
        String ifNoneMatch = headers.get(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(d.etag())) {
                    return true;
                }
            }
            return false;
        }
        Long since = parseDate(headers.get(HttpHeaders.IF_MODIFIED_SINCE));
        return since != null && d.lastModifiedMillis() <= since;
    }

    /** If-Range: the range applies only when the validator is this file's strong ETag or its exact date. */
    static boolean ifRangeHolds(String ifRange, Download d) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(d.etag());
        }
        Long date = parseDate(v);
        return date != null && date == d.lastModifiedMillis();
    }

    /**
     * The Range header against an object of {@code size} bytes: empty when it is to be ignored (not bytes, bad
     * syntax, or several ranges: those get the whole body with 200, which RFC 9110 14.2 allows, rather than a
     * multipart/byteranges answer); a present empty range when it cannot be satisfied (416).
     */
    static Optional<Optional<ByteRange>> parseRange(String header, long size) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return Optional.empty();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty() || !digits(b)) {
                    return Optional.empty();
                }
                long suffix = Long.parseLong(b);
                if (suffix == 0 || size == 0) {
                    return Optional.of(Optional.empty());
                }
                return Optional.of(Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1)));
            }
            if (!digits(a) || (!b.isEmpty() && !digits(b))) {
                return Optional.empty();
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (!b.isEmpty() && last < first) {
                return Optional.empty();
            }
            if (first >= size) {
                return Optional.of(Optional.empty());
            }
            return Optional.of(Optional.of(new ByteRange(first, Math.min(last, size - 1))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    static String httpDate(long millis) {
        return HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    private static Long parseDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
