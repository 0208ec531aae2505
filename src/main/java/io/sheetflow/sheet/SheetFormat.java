package io.sheetflow.sheet;

import java.util.Locale;
import java.util.Optional;

/** File formats Sheetflow reads or writes. */
public enum SheetFormat {
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    XLS("xls", "application/vnd.ms-excel"),
    CSV("csv", "text/csv; charset=utf-8"),
    JSON("json", "application/json"),
    SQL("sql", "application/sql; charset=utf-8"),
    TEXT("txt", "text/plain; charset=utf-8");

    private final String extension;
    private final String contentType;

    SheetFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<SheetFormat> fromExtension(String extension) {
        String e = extension == null ? "" : extension.toLowerCase(Locale.ROOT);
        for (SheetFormat f : values()) {
            if (f.extension.equals(e)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static Optional<SheetFormat> fromFileName(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : fromExtension(name.substring(dot + 1));
    }
}
