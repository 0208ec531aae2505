package io.sheetflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Deterministic CSV inputs for workflow tests. */
public final class Csv {
    private static final String[] STATUSES = {"active", "inactive", "pending", "banned"};

    private Csv() {
    }

    /** {@code id,name,email,age,signup_date,status} with {@code rows} data rows. */
    public static Path people(Path dir, int rows) {
        Path file = dir.resolve("people-" + rows + ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,name,email,age,signup_date,status\n");
            for (int i = 1; i <= rows; i++) {
                out.write(i + ",Name " + i + ",user" + i + "@Example.COM," + (18 + i % 70) + ",2024-"
                        + String.format("%02d-%02d", 1 + i % 12, 1 + i % 28) + "," + STATUSES[i % 4] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
