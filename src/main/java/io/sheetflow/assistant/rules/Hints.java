package io.sheetflow.assistant.rules;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * What the answers to earlier questions settled, applied when the original request is planned again.
 *
 * @param corrections folded phrase of the request to the header the user confirmed
 * @param columns     the columns named in an answer to "which columns?"
 * @param keyColumns  the key columns named in an answer to "which column links the files?"
 */
record Hints(@Nullable String inputFileId, @Nullable String bindFileId, Map<String, String> corrections,
             @Nullable List<String> columns, @Nullable List<String> keyColumns, @Nullable String tableName,
             @Nullable String format) {

    static final Hints NONE = new Hints(null, null, Map.of(), null, null, null, null);

    Hints {
        corrections = corrections == null ? Map.of() : Map.copyOf(corrections);
        columns = columns == null ? null : List.copyOf(columns);
        keyColumns = keyColumns == null ? null : List.copyOf(keyColumns);
    }

    Hints withInputFile(String id) {
        return new Hints(id, bindFileId, corrections, columns, keyColumns, tableName, format);
    }

    Hints withBindFile(String id) {
        return new Hints(inputFileId, id, corrections, columns, keyColumns, tableName, format);
    }

    Hints withCorrection(String phrase, String header) {
        java.util.Map<String, String> more = new java.util.HashMap<>(corrections);
        more.put(phrase, header);
        return new Hints(inputFileId, bindFileId, more, columns, keyColumns, tableName, format);
    }

    Hints withColumns(List<String> names) {
        return new Hints(inputFileId, bindFileId, corrections, names, keyColumns, tableName, format);
    }

    Hints withKeyColumns(List<String> names) {
        return new Hints(inputFileId, bindFileId, corrections, columns, names, tableName, format);
    }

    Hints withTableName(String name) {
        return new Hints(inputFileId, bindFileId, corrections, columns, keyColumns, name, format);
    }

    Hints withFormat(String target) {
        return new Hints(inputFileId, bindFileId, corrections, columns, keyColumns, tableName, target);
    }
}
