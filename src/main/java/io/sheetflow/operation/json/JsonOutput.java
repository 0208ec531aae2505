package io.sheetflow.operation.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.sheetflow.sheet.CellText;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Streams JSON files with Jackson's generator: UTF-8 without escaping non-ASCII text, compact or pretty printed
 * the way the reference's {@code json.dumps(indent=2)} lays it out ({@code "key": value}, two-space indents, every
 * value on its own line, {@code []} and {@code {}} when empty).
 */
final class JsonOutput {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonOutput() {
    }

    static JsonGenerator create(Path file, boolean prettyPrint) throws IOException {
        JsonGenerator generator = JSON.createGenerator(file.toFile(), JsonEncoding.UTF8);
        if (prettyPrint) {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            generator.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
                    .withObjectIndenter(indenter)
                    .withArrayIndenter(indenter));
        }
        return generator;
    }

    /**
     * A typed cell as a JSON value: numbers native in plain notation, booleans native, dates ISO-8601 text
     * ({@code 2024-01-15}, {@code 2024-01-15T10:30:00}), null.
     */
    static void writeCell(JsonGenerator json, Object value) throws IOException {
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
}
