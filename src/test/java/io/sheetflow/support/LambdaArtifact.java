package io.sheetflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lambda artifact, {@code target/sheetflow-lambda.zip}, built by {@code ./mvnw -Plambda -DskipTests package}. */
public final class LambdaArtifact {
    private LambdaArtifact() {
    }

    /** The zip; fails the test with the command that builds it when it is missing. */
    public static Path zip() {
        Path zip = Path.of("target", "sheetflow-lambda.zip");
        assertTrue(Files.isRegularFile(zip), "build the artifact first: ./mvnw -B -ntp -Plambda -DskipTests package");
        return zip;
    }

    /** Unpacks the zip into {@code target} as Lambda unpacks it into {@code /var/task}; returns the bytes written. */
    public static long unzip(Path zip, Path target) throws IOException {
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("bad entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        total += Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return total;
    }
}
