package io.sheetflow.file;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;

/** The embedded default: objects are files under a directory (by default {@code <data-dir>/objects}). */
@Singleton
@Requires(property = "sheetflow.storage.type", value = "filesystem", defaultValue = "filesystem")
public class FilesystemObjectStore implements ObjectStore {
    private final Path root;

    public FilesystemObjectStore(@Value("${sheetflow.storage.filesystem.directory}") Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    private Path pathOf(String key) {
        Path path = root.resolve(ObjectKeys.requireSafe(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Object key escapes the store: " + key);
        }
        return path;
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        // Write beside the target and rename, so a reader never sees a partial object.
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try {
                Files.move(source, partial, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException crossDevice) {
                Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return Files.newInputStream(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("Negative offset or length");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(pathOf(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        Path path = pathOf(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public void move(String source, String target) throws IOException {
        Path to = pathOf(target);
        Files.createDirectories(to.getParent());
        try {
            Files.move(pathOf(source), to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(source);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
        Path dir = pathOf(prefix);
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public void checkAvailable() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException("Object store directory is not writable");
        }
    }
}
