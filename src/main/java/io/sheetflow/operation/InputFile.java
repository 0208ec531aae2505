package io.sheetflow.operation;

import java.nio.file.Path;

/**
 * A step input: the stored file's display name (e.g. {@code sales.xlsx}), its detected format and a local
 * copy to read from. Never derive filesystem paths from {@code displayName}.
 */
public record InputFile(String fileId, String displayName, io.sheetflow.sheet.SheetFormat format, Path path, long size) {

    /** Display name without its extension, for naming outputs. */
    public String baseName() {
        return baseName(displayName);
    }

    /** A display name without its extension. */
    public static String baseName(String displayName) {
        int dot = displayName.lastIndexOf('.');
        return dot > 0 ? displayName.substring(0, dot) : displayName;
    }
}
