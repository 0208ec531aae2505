package io.sheetflow.file;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where file bytes live. Keys are always chosen by the server ({@link ObjectKeys}), never from user input.
 */
public interface ObjectStore {

    /** Stores the content of a local file under {@code key}, replacing nothing: keys are unique. */
    void put(String key, Path source, String contentType) throws IOException;

    /** Streams the object; the caller closes the stream. */
    InputStream get(String key) throws IOException;

    /**
     * Streams at most {@code length} bytes of the object starting at byte {@code offset} (fewer when the object
     * ends first; none when {@code offset} is at or past its end), without reading the bytes before it: the
     * caller closes the stream. Serves HTTP range requests.
     */
    InputStream get(String key, long offset, long length) throws IOException;

    /** A local file holding the object's bytes, when the store is local (no copy needed). */
    default Optional<Path> localPath(String key) {
        return Optional.empty();
    }

    void delete(String key) throws IOException;

    /**
     * Moves the object at {@code source} to {@code target}, which nothing else writes to; afterwards only
     * {@code target} holds the bytes. Throws {@link ObjectNotFoundException} when {@code source} does not exist.
     */
    void move(String source, String target) throws IOException;

    /** Deletes every object whose key starts with {@code prefix}. */
    void deletePrefix(String prefix) throws IOException;

    boolean exists(String key) throws IOException;

    /** A short-lived download URL served by the store itself, when it has one (S3). */
    default Optional<URI> presignGet(String key, Duration ttl, String downloadName, String contentType) {
        return Optional.empty();
    }

    /**
     * A short-lived URL to which a client PUTs an object's bytes itself, when the store has one (S3). The
     * request must carry the returned headers and exactly {@code size} bytes.
     */
    default Optional<PresignedPut> presignPut(String key, Duration ttl, String contentType, long size) {
        return Optional.empty();
    }

    /** A presigned PUT: where to send the bytes and the headers to send with them. */
    record PresignedPut(URI url, java.util.Map<String, String> headers) {
    }

    /** Throws when the store cannot be used (readiness). */
    void checkAvailable() throws IOException;
}
