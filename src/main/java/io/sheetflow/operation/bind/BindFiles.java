package io.sheetflow.operation.bind;

import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.sheet.SheetFormat;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What the binding operations share: the formats they read, the bind file, argument checks, messages. */
final class BindFiles {

    static final Set<SheetFormat> READABLE = Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV);
    static final String READABLE_TEXT = "an .xlsx, .xls or .csv";

    private BindFiles() {
    }

    /** The step's input, checked to be a table. */
    static SheetFormat requireInput(InputFile input, String operationName) {
        return InputFormats.require(input, operationName, READABLE, READABLE_TEXT + " input");
    }

    /** Another file of the conversation, by name or id, checked to be a table. */
    static InputFile bindFile(OperationContext context, String nameOrId, String operationName) throws IOException {
        InputFile file = context.conversationFile(nameOrId);
        InputFormats.require(file, operationName, READABLE, READABLE_TEXT + " bind file");
        return file;
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    static void requireBindFile(String bindFile) {
        if (bindFile == null) {
            throw new InvalidArgumentException("bind_file", "bind_file is required: the name or id of another file"
                    + " of this conversation");
        }
    }

    /** Names that are present, non-empty and listed once. */
    static void requireNames(String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new InvalidArgumentException(field, "Column names in " + field + " must not be empty");
            }
            if (!seen.add(name)) {
                throw new InvalidArgumentException(field, "Column '" + name + "' is listed more than once in "
                        + field);
            }
        }
    }

    /** {@code column_mapping} of the positional bind ({@code {target_col: source_col}}): present, names non-empty. */
    static void requireTargetMapping(Map<String, String> mapping) {
        if (mapping.isEmpty()) {
            throw new InvalidArgumentException("column_mapping", "column_mapping is required");
        }
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getValue() == null || entry.getValue().isEmpty()) {
                throw new InvalidArgumentException("column_mapping", "column_mapping: target and source column"
                        + " names must not be empty");
            }
        }
    }

    /**
     * What is wrong with a positional mapping, as Pycelize's preview words it, per entry: "Source column 'x'
     * not found", "Target column 'y' not found".
     */
    static List<String> mappingIssues(Map<String, String> mapping, List<String> sourceHeader,
                                      List<String> targetHeader) {
        List<String> issues = new ArrayList<>();
        for (Map.Entry<String, String> entry : mapping.entrySet()) {
            if (!sourceHeader.contains(entry.getValue())) {
                issues.add("Source column '" + entry.getValue() + "' not found");
            }
            if (!targetHeader.contains(entry.getKey())) {
                issues.add("Target column '" + entry.getKey() + "' not found");
            }
        }
        return issues;
    }

    /** A list as Pycelize printed it (Python's repr): {@code ['a', 'b']}. */
    static String listText(Collection<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
