package io.sheetflow.profile;

import io.micronaut.context.annotation.Value;
import io.sheetflow.file.FilePreview;
import io.sheetflow.file.StoredFile;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

/**
 * Column profiles of stored files, computed once per file and sheet and kept in a bounded in-memory LRU cache
 * ({@code sheetflow.profile.cache-entries}). Stored files never change, so an entry never goes stale; callers are
 * owner-checked before the cache is consulted. Concurrent requests for the same profile share one pass.
 */
@Singleton
public class FileProfiles {

    private final FilePreview tables;
    private final int trackedValues;
    private final int cacheEntries;
    private final Map<String, FileProfile> cache;
    private final ConcurrentHashMap<String, CompletableFuture<FileProfile>> computing = new ConcurrentHashMap<>();

    public FileProfiles(FilePreview tables,
                        @Value("${sheetflow.profile.cache-entries:256}") int cacheEntries,
                        @Value("${sheetflow.profile.tracked-values:" + TableProfiler.DEFAULT_TRACKED_VALUES + "}")
                        int trackedValues) {
        this.tables = tables;
        this.trackedValues = trackedValues;
        this.cacheEntries = Math.max(1, cacheEntries);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FileProfile> eldest) {
                return size() > FileProfiles.this.cacheEntries;
            }
        };
    }

    /** The profile of {@code sheetName} (the first sheet when null) of {@code file}. */
    public FileProfile profile(StoredFile file, String sheetName) throws IOException {
        String key = file.id() + "\u0000" + (sheetName == null ? "" : sheetName);
        FileProfile known = cached(key);
        if (known != null) {
            return known.fromCache();
        }
        CompletableFuture<FileProfile> mine = new CompletableFuture<>();
        CompletableFuture<FileProfile> running = computing.putIfAbsent(key, mine);
        if (running != null) {
            return join(running).fromCache();
        }
        try {
            FileProfile profile = compute(file, sheetName);
            synchronized (cache) {
                cache.put(key, profile);
            }
            mine.complete(profile);
            return profile;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key, mine);
        }
    }

    private FileProfile cached(String key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private FileProfile compute(StoredFile file, String sheetName) throws IOException {
        long started = System.nanoTime();
        return tables.readTable(file, sheetName, (reader, format) -> {
            TableProfiler.Result result = TableProfiler.profile(reader, trackedValues);
            return new FileProfile(file.id(), file.displayName(), format.extension(), reader.sheetName(),
                    reader.sheetNames(), result.rows(), result.columns(), Instant.now().toString(),
                    (System.nanoTime() - started) / 1_000_000, false);
        });
    }

    private static FileProfile join(CompletableFuture<FileProfile> running) throws IOException {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }
}
