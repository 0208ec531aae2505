package io.sheetflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A public git repository at a pinned commit, cloned once into {@code ~/.cache/sheetflow/<name>/<commit>} and
 * reused while the commit is unchanged (a {@code name} of {@code a.b} is cached as {@code a-b}): Pycelize's sources carry no licence, so tests take them from their
 * repository instead of this one. The source is GitHub unless the system property {@code <name>.source} (or the
 * environment variable {@code <NAME>_SOURCE}) names another git URL or a local clone.
 */
public final class PinnedCheckout {
    private static final String MARKER = ".sheetflow-checkout";

    private final String name;
    private final String commit;
    private final String defaultSource;
    private final Path log;

    public PinnedCheckout(String name, String commit, String defaultSource, Path log) {
        this.name = name;
        this.commit = commit;
        this.defaultSource = defaultSource;
        this.log = log;
    }

    public String commit() {
        return commit;
    }

    public String source() {
        String property = System.getProperty(name + ".source");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = System.getenv(name.toUpperCase().replace('.', '_').replace('-', '_') + "_SOURCE");
        return variable != null && !variable.isBlank() ? variable : defaultSource;
    }

    public Path dir() {
        String property = System.getProperty(name + ".cache");
        return property != null && !property.isBlank()
                ? Path.of(property)
                : Path.of(System.getProperty("user.home"), ".cache", "sheetflow", name.replace('.', '-'), commit);
    }

    /** Whether {@link #checkout()} has been done and nothing since marked the folder as stale. */
    public boolean isCheckedOut() {
        try {
            Path marker = dir().resolve(MARKER);
            return Files.isRegularFile(marker) && Files.readString(marker).strip().equals(commit);
        } catch (IOException e) {
            return false;
        }
    }

    /** The working tree at the pinned commit, cloning it first when the cache does not hold it. */
    public Path checkout() {
        Path dir = dir();
        if (isCheckedOut()) {
            return dir;
        }
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir.getParent());
            run(dir.getParent(), "git", "clone", "--quiet", "--no-checkout", source(), dir.toString());
            run(dir, "git", "-c", "advice.detachedHead=false", "checkout", "--quiet", commit);
            Files.writeString(dir.resolve(MARKER), commit + "\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in {@code dir} (at most 20 minutes), appending its output to the log; fails on a non-zero exit. */
    public void run(Path dir, String... command) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("NEXT_TELEMETRY_DISABLED", "1");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = builder.start();
        try {
            if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed in " + dir
                        + "; its output is in " + log.toAbsolutePath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
