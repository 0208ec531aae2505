package io.sheetflow.work;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * This process's scratch space ({@code sheetflow.runs.work-dir}): upload spool files, run steps' work files,
 * previews and stateless requests. Nothing in it outlives the request or run that made it, so whatever is there
 * when the process starts was left by one that died (a kill -9 mid-upload or mid-step) and is removed here.
 * Every user of the work directory takes its folder from this bean, so the cleanup always happens before the
 * first use.
 */
@Singleton
public class WorkDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

    private final Path root;

    /**
     * Deletes a request's or preview's folder under the work directory, best effort: what cannot be deleted now
     * is swept at the next start.
     */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort, as above
        }
    }

    public WorkDirectory(@Value("${sheetflow.runs.work-dir}") Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
            removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the work directory " + root, e);
        }
    }

    /** Spool files of uploads being received. */
    public Path uploads() {
        return folder("uploads");
    }

    /** Work files of running steps, a folder per run. */
    public Path runs() {
        return folder("runs");
    }

    /** Spooled archive uploads being restored, and the entries taken out of them. */
    public Path archives() {
        return folder("archives");
    }

    public Path previews() {
        return folder("preview");
    }

    /** Uploads and outputs of stateless operations, a folder per request. */
    public Path stateless() {
        return folder("stateless");
    }

    private Path folder(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + root.resolve(name), e);
        }
    }

    private void removeLeftovers() throws IOException {
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.toList()) {
                try (Stream<Path> walk = Files.walk(child)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        if (Files.isRegularFile(p)) {
                            files.incrementAndGet();
                            bytes.addAndGet(Files.size(p));
                        }
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        if (files.get() > 0) {
            LOG.info("Removed {} work files ({} bytes) left by a process that did not finish them, from {}",
                    files.get(), bytes.get(), root);
        }
    }
}
