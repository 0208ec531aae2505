package io.sheetflow.file;

import io.sheetflow.work.WorkDirectory;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.sheet.ColumnTypeInference;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads a page of a stored file for previews: rows of a table (xlsx, xls, csv) with typed cells, or the first
 * bytes of a text file (json, sql, csv). Streams with the same readers the operations use; only the requested
 * page is held in memory.
 */
@Singleton
public class FilePreview {
    static final Set<SheetFormat> TABLES = Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV);
    static final Set<SheetFormat> TEXTS = Set.of(SheetFormat.JSON, SheetFormat.SQL, SheetFormat.CSV, SheetFormat.TEXT);

    private final FileService files;
    private final Path previewDir;

    public FilePreview(FileService files, WorkDirectory workDirectory) {
        this.files = files;
        this.previewDir = workDirectory.previews();
    }

    /** What to do with an opened table; its {@link OperationFailedException}s become 422 UnreadableFile. */
    @FunctionalInterface
    public interface TableRead<T> {
        T read(TableReader reader, SheetFormat format) throws IOException;
    }

    /**
     * Opens a stored table (a local copy when the store is remote, deleted afterwards) on {@code sheetName} (the
     * first sheet when null) and hands the reader to {@code body}: the one way file-by-id endpoints read a table.
     */
    public <T> T readTable(StoredFile file, String sheetName, TableRead<T> body) throws IOException {
        SheetFormat format = formatOf(file);
        if (!TABLES.contains(format)) {
            throw ApiException.unsupportedType("'" + file.displayName() + "' is not a table (.xlsx, .xls or .csv); "
                    + "preview it as text instead");
        }
        Files.createDirectories(previewDir);
        Path work = Files.createTempDirectory(previewDir, "rows-");
        try {
            Path local = files.materialise(file, work);
            try (TableReader reader = TableReaders.open(local, format, sheetName == null ? null : ReadOptions.sheet(sheetName))) {
                return body.read(reader, format);
            }
        } catch (OperationFailedException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "UnreadableFile", e.getMessage(), null);
        } finally {
            WorkDirectory.deleteQuietly(work);
        }
    }

    /** A page of rows: {@code offset} data rows skipped, at most {@code limit} returned. */
    public RowsPage rows(StoredFile file, long offset, int limit, String sheetName) throws IOException {
        return readTable(file, sheetName, (reader, format) -> {
            List<String> header = reader.header();
            for (long skipped = 0; skipped < offset; skipped++) {
                if (reader.nextRow() == null) {
                    break;
                }
            }
            ColumnTypeInference types = new ColumnTypeInference(header.size());
            List<List<Object>> rows = new ArrayList<>(Math.min(limit, 1000));
            Object[] row = null;
            while (rows.size() < limit && (row = reader.nextRow()) != null) {
                types.accept(row);
                rows.add(Arrays.stream(row).map(FilePreview::jsonCell).toList());
            }
            boolean hasMore = row != null && reader.nextRow() != null;
            // At the end of the table the count is known; before it, the reader's figure may be an estimate.
            long estimate = reader.estimatedTotalRows();
            Long total = hasMore ? null : reader.rowsRead();
            return new RowsPage(file.id(), file.displayName(), format.extension(), reader.sheetName(),
                    reader.sheetNames(), header, types.typeNamesByColumn(header), offset, limit, rows, rows.size(),
                    hasMore, total, total != null ? total : estimate >= 1 ? Long.valueOf(estimate) : null);
        });
    }

    /** The first {@code maxBytes} of a text file, cut at a character boundary. */
    public TextPreview text(StoredFile file, int maxBytes) throws IOException {
        SheetFormat format = formatOf(file);
        if (!TEXTS.contains(format)) {
            throw ApiException.unsupportedType("'" + file.displayName() + "' is not a text file (.json, .sql, .csv, .txt); "
                    + "preview its rows instead");
        }
        byte[] head;
        try (InputStream in = files.open(file)) {
            head = in.readNBytes(maxBytes);
        } catch (ObjectNotFoundException e) {
            throw ApiException.notFound("File content is missing from storage");
        }
        boolean truncated = file.sizeBytes() > head.length;
        return new TextPreview(file.id(), file.displayName(), format.extension(), file.sizeBytes(),
                decodePrefix(head, truncated), head.length, truncated);
    }

    static SheetFormat formatOf(StoredFile file) {
        return SheetFormat.fromFileName(file.displayName()).orElseThrow(() -> ApiException.unsupportedType(
                "'" + file.displayName() + "' has no known file type"));
    }

    /** Cells as JSON values: numbers and booleans stay typed, dates become ISO-8601 text, NaN/Infinity null. */
    public static Object jsonCell(Object cell) {
        if (cell instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        if (cell instanceof LocalDate || cell instanceof LocalDateTime) {
            return cell.toString();
        }
        return cell;
    }

    /** UTF-8 text of {@code bytes}; when cut, a partial character at the end is dropped. */
    static String decodePrefix(byte[] bytes, boolean cut) {
        int end = bytes.length;
        if (cut) {
            // Back off over continuation bytes to the start of a possibly incomplete sequence.
            int i = end - 1;
            int back = 0;
            while (i >= 0 && back < 3 && (bytes[i] & 0xC0) == 0x80) {
                i--;
                back++;
            }
            if (i >= 0 && (bytes[i] & 0x80) != 0) {
                int needed = (bytes[i] & 0xE0) == 0xC0 ? 2 : (bytes[i] & 0xF0) == 0xE0 ? 3 : (bytes[i] & 0xF8) == 0xF0 ? 4 : 1;
                if (end - i < needed) {
                    end = i;
                }
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }
}
