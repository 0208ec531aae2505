package io.sheetflow.operation.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams JSON files with Jackson's generator: UTF-8 without escaping non-ASCII text, compact or pretty printed
 * the way Pycelize's {@code json.dumps(indent=2)} lays it out ({@code "key": value}, two-space indents, every
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
}
