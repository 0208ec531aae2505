package io.sheetflow.sheet;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Streams a table as a JSON array of objects keyed by the header, in header order: native numbers (plain
 * notation) and booleans, ISO-8601 date strings ({@code 2024-01-15}, {@code 2024-01-15T10:30:00}), null.
 */
public final class JsonTableWriter implements TableWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonGenerator json;
    private List<String> header;
    private long rowsWritten;

    public JsonTableWriter(Path file, boolean prettyPrint) throws IOException {
        json = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8);
        if (prettyPrint) {
            json.useDefaultPrettyPrinter();
        }
    }

    @Override
    public void header(List<String> columnNames) throws IOException {
        header = List.copyOf(columnNames);
        json.writeStartArray();
    }

    @Override
    public void row(Object[] cells) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < header.size(); i++) {
            json.writeFieldName(header.get(i));
            writeCell(json, i < cells.length ? cells[i] : null);
        }
        json.writeEndObject();
        rowsWritten++;
    }

    /**
     * A typed cell as a JSON value: numbers native in plain notation, booleans native, dates ISO-8601 text
     * ({@code 2024-01-15}, {@code 2024-01-15T10:30:00}), null. Shared by every JSON output.
     */
    public static void writeCell(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                json.writeString(number.toString());
            } else {
                json.writeNumber(CellText.plainNumber(number));
            }
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof LocalDate date) {
            json.writeString(CellText.isoDate(date));
        } else if (value instanceof LocalDateTime dateTime) {
            json.writeString(CellText.isoDateTime(dateTime, 'T'));
        } else {
            json.writeString(value.toString());
        }
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public void close() throws IOException {
        if (header == null) {
            json.writeStartArray();
        }
        json.writeEndArray();
        json.close();
    }
}
