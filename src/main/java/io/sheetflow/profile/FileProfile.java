package io.sheetflow.profile;

import java.util.List;
import java.util.UUID;

/** The column profile of one table of a stored file (one worksheet of a workbook). */
public record FileProfile(UUID fileId, String filename, String format, String sheetName, List<String> sheetNames,
                          long rows, List<ColumnProfile> columns, String computedAt, long computeMillis,
                          boolean cached) {

    FileProfile fromCache() {
        return new FileProfile(fileId, filename, format, sheetName, sheetNames, rows, columns, computedAt,
                computeMillis, true);
    }
}
