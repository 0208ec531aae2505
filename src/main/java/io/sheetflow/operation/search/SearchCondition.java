package io.sheetflow.operation.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One condition of a search.
 *
 * @param column   the column tested (required)
 * @param operator one of {@link SearchOperator}'s names, any case (required)
 * @param value    what the cell is compared with; its form depends on the operator
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SearchCondition(
        @ColumnArgument(ColumnArgument.Shape.NAME)
        @JsonProperty("column")
        @JsonPropertyDescription("Required. The column tested, as in the header row; a column missing from the data"
                + " fails the step.")
        String column,
        @JsonProperty("operator")
        @JsonPropertyDescription("Required, any case. equals, not_equals (typed: a number cell equals a number or"
                + " numeric text, a date cell an ISO date; text is compared case-sensitively); contains, not_contains"
                + " (literal, case-insensitive substring); starts_with, ends_with (literal, case-sensitive);"
                + " is_empty, is_not_empty (no value needed); greater_than, greater_than_or_equal, less_than,"
                + " less_than_or_equal (numbers or ISO dates, by value; other cells never match); between ([min,"
                + " max], inclusive, numbers or ISO dates); before, after (ISO dates or date-times); matches (a"
                + " regular expression found anywhere in the value, Python syntax, at most 100 ms per value).")
        String operator,
        @JsonProperty("value")
        @JsonPropertyDescription("The value compared with: text, a number or a boolean; an ISO date text"
                + " (2024-01-15 or 2024-01-15T10:30:00) for dates; a two-element array for between; a pattern for"
                + " matches. Not needed for is_empty and is_not_empty.")
        JsonNode value) {
}
