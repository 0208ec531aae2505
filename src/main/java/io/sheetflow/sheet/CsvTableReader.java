package io.sheetflow.sheet;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.sheetflow.operation.OperationFailedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a CSV file with FastCSV: encoding and delimiter detected ({@link CsvDialect}), cells typed by
 * {@link CsvValueParser}. Blank lines are skipped; a row shorter than the header is padded with nulls, a longer
 * one fails the read.
 */
public final class CsvTableReader implements TableReader {

    private final CsvDialect dialect;
    /** The length of the data rows in characters, estimated from the decoded sample. */
    private final double estimatedDataChars;
    private long charsConsumed;
    private final CsvReader<CsvRecord> csv;
    private final CloseableIterator<CsvRecord> records;
    private final List<String> header;
    private long rowsRead;

    private CsvTableReader(Path file) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize == 0) {
            throw new OperationFailedException("The file is empty");
        }
        InputStream in = Files.newInputStream(file);
        try {
            byte[] sample = in.readNBytes(CsvDialect.SAMPLE_BYTES);
            dialect = CsvDialect.detect(sample, sample.length == fileSize);
            int sampleBytes = sample.length - dialect.bomLength();
            double charsPerByte = sampleBytes == 0 ? 1
                    : new String(sample, dialect.bomLength(), sampleBytes, dialect.charset()).length()
                    / (double) sampleBytes;
            double estimatedChars = (fileSize - dialect.bomLength()) * charsPerByte;
            InputStream afterBom = new SequenceInputStream(
                    new ByteArrayInputStream(sample, dialect.bomLength(), sampleBytes), in);
            csv = CsvReader.builder()
                    .fieldSeparator(dialect.delimiter())
                    .quoteCharacter('"')
                    .commentStrategy(CommentStrategy.NONE)
                    .skipEmptyLines(true)
                    .allowExtraFields(true)
                    .allowMissingFields(true)
                    .detectBomHeader(false)
                    .ofCsvRecord(new InputStreamReader(afterBom, dialect.charset()));
            records = csv.iterator();
            CsvRecord first = next();
            if (first == null) {
                throw new OperationFailedException("The file is empty");
            }
            header = HeaderNames.of(first.getFields());
            estimatedDataChars = estimatedChars - recordChars(first);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens a CSV file and reads its header. */
    public static CsvTableReader open(Path file) throws IOException {
        return new CsvTableReader(file);
    }

    public CsvDialect dialect() {
        return dialect;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public Object[] nextRow() throws IOException {
        CsvRecord record = next();
        if (record == null) {
            return null;
        }
        int fields = record.getFieldCount();
        int width = header.size();
        if (fields > width) {
            throw new OperationFailedException("Row " + (rowsRead + 1) + " has " + fields
                    + " fields but the header has " + width + " (line " + record.getStartingLineNumber()
                    + " of the file)");
        }
        Object[] row = new Object[width];
        for (int i = 0; i < fields; i++) {
            row[i] = CsvValueParser.parse(record.getField(i));
        }
        charsConsumed += recordChars(record);
        rowsRead++;
        return row;
    }

    /** A record's length in the file: its fields plus one separator or line end each (quotes not counted). */
    private static long recordChars(CsvRecord record) {
        long chars = record.getFieldCount();
        for (int i = 0; i < record.getFieldCount(); i++) {
            chars += record.getField(i).length();
        }
        return chars;
    }

    private CsvRecord next() throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvParseException e) {
            throw new OperationFailedException("The CSV file could not be parsed after data row " + rowsRead
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    /**
     * The file's size divided by the average size of the rows read so far. Sizes are counted in characters from
     * the parsed fields (plus one separator or line end each), because the byte position of the underlying
     * stream runs ahead by the readers' buffers; quotes are not counted, so quoted files are overestimated a little.
     */
    @Override
    public long estimatedTotalRows() {
        if (rowsRead == 0 || charsConsumed == 0) {
            return -1;
        }
        long estimate = Math.round(estimatedDataChars * rowsRead / charsConsumed);
        return Math.max(estimate, rowsRead);
    }

    @Override
    public String sheetName() {
        return null;
    }

    @Override
    public List<String> sheetNames() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
