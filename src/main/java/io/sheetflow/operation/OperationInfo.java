package io.sheetflow.operation;

import java.util.List;
import java.util.Map;

/** A step operation as {@code GET /api/v1/operations} lists it: its arguments as a JSON Schema. */
public record OperationInfo(String name, String description, Map<String, Object> argumentsSchema) {

    /** The list's {@code data}. */
    public record Catalog(List<OperationInfo> operations) {
    }
}
