package io.sheetflow.operation.sql;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated .sql file (UTF-8, one statement per line). Statements stream into a temporary body file next to the
 * output; {@link #finish} writes the header, whose totals are only known at the end, and then copies the body
 * behind it (a kernel-side copy), so memory stays flat however many rows there are.
 */
final class SqlFile implements AutoCloseable {

    private final Path output;
    private final Path body;
    private final Writer writer;
    private long statements;
    private boolean finished;

    SqlFile(Path output) throws IOException {
        this.output = output;
        Path directory = output.toAbsolutePath().getParent();
        this.body = Files.createTempFile(directory, "sql-body-", ".tmp");
        this.writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(body), StandardCharsets.UTF_8),
                1 << 16);
    }

    /** Where statement text goes; call {@link #statementEnded()} after each complete statement. */
    Writer writer() {
        return writer;
    }

    /** Writes one whole statement and its line break. */
    void statement(CharSequence sql) throws IOException {
        writer.append(sql).append('\n');
        statements++;
    }

    /** Counts a statement written piecewise through {@link #writer()} (its line break included). */
    void statementEnded() {
        statements++;
    }

    long statements() {
        return statements;
    }

    /**
     * The header comment: what, for which database and table ({@code null} for templates), when, and the totals.
     */
    static List<String> header(SqlDialect dialect, String tableName, long rows, long statements) {
        List<String> lines = new ArrayList<>();
        lines.add("-- Generated SQL statements");
        lines.add("-- Database: " + dialect.jsonName());
        if (tableName != null) {
            lines.add("-- Table: " + tableName);
        }
        lines.add("-- Generated at: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        lines.add("-- Total rows: " + rows);
        lines.add("-- Total statements: " + statements);
        lines.add("");
        return lines;
    }

    /** Writes {@code headerLines} and then every statement into the output file. */
    void finish(List<String> headerLines) throws IOException {
        writer.close();
        StringBuilder header = new StringBuilder();
        for (String line : headerLines) {
            header.append(line).append('\n');
        }
        try (FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel in = FileChannel.open(body, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.wrap(header.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            long size = in.size();
            for (long position = 0; position < size; ) {
                position += in.transferTo(position, size - position, out);
            }
        }
        finished = true;
        Files.deleteIfExists(body);
    }

    /** Removes the temporary body (also after a failure or a cancellation). */
    @Override
    public void close() throws IOException {
        if (!finished) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the body is deleted anyway
            }
        }
        Files.deleteIfExists(body);
    }
}
