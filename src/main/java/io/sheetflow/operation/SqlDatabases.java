package io.sheetflow.operation;

import java.util.List;

/** The SQL dialects the SQL operations write ({@code database} argument). */
public record SqlDatabases(List<String> databases) {
}
