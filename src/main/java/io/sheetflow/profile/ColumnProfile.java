package io.sheetflow.profile;

import java.util.List;
import java.util.Map;

/**
 * The figures of one column. {@code count} non-blank cells, {@code blank} empty or white-space-only ones
 * ({@code count + blank} is the row count); {@code mismatched} non-blank cells that do not fit {@code type};
 * {@code min}/{@code max} over the cells that fit a number or date type, null otherwise; {@code top} the most
 * frequent non-blank values as {@code {value, count}}.
 */
public record ColumnProfile(String name, String type, long count, long blank, long mismatched, long distinct,
                            boolean distinctExact, Object min, Object max, List<Map<String, Object>> top,
                            boolean topExact) {
}
