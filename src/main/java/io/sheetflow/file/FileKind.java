package io.sheetflow.file;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum FileKind {
    UPLOADED, OUTPUT, INTERMEDIATE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
