package io.sheetflow.operation.normalize;

import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.sheet.TestFiles.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Every normalization type, with its parameters, on typed cells read back from the output workbook. */
class NormalizerTypesTest {

    @TempDir
    Path dir;

    private NormalizationFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new NormalizationFixtures(dir);
    }

    private List<Object> normalize(List<?> values, String type) throws Exception {
        return fixtures.normalize(values, type, "{}");
    }

    private List<Object> normalize(List<?> values, String type, String parameters) throws Exception {
        return fixtures.normalize(values, type, parameters);
    }

    private static List<Object> cells(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void uppercase_changesTextOnlyAndKeepsLeadingZeros() throws Exception {
        assertEquals(cells("ABC", "ZOË", "STRASSE", "007", 5L, null, true),
                normalize(cells("abc", "Zoë", "straße", new Text("007"), 5, null, true), "uppercase"));
    }

    @Test
    void lowercase_changesText() throws Exception {
        assertEquals(cells("abc", "àb 北京"), normalize(cells("ABC", "ÀB 北京"), "lowercase"));
    }

    @Test
    void titleCase_followsPython() throws Exception {
        assertEquals(cells("O'Neil", "Hello World", "3Rd Place", "Mcdonald", "Zoë O'Brien"),
                normalize(cells("o'neil", "hello world", "3rd place", "MCDONALD", "zoë o'brien"), "title_case"));
    }

    @Test
    void trimWhitespace_stripsUnicodeSpacesAndEmptiesBlankText() throws Exception {
        assertEquals(cells("a", "b", null, "c d"), normalize(cells("  a ", "\u00a0b\t", "   ", "c d"),
                "trim_whitespace"));
    }

    @Test
    void removeSpecialChars_defaultsToAnythingButAsciiLettersDigitsAndSpaces() throws Exception {
        assertEquals(cells("126", "abc", "Zo", "a b", null), normalize(cells("1.26", "a-b_c!", "Zoë", "a b", "!!"),
                "remove_special_chars"));
        assertEquals(cells("1,26", 42L), normalize(cells("1.26", 42), "remove_special_chars",
                "{\"pattern\":\"[.]\",\"replacement\":\",\"}"));
    }

    @Test
    void phoneFormat_formatsTenAndElevenDigitNumbersOnly() throws Exception {
        assertEquals(cells("(555) 123-4567", "+1 (555) 123-4567", "12345", "(555) 123-4567", "+44 20 7946 0958",
                        "2 (555) 123-4567", null),
                normalize(cells("555-123-4567", "1 (555) 123 4567", "12345", 5551234567L, "+44 20 7946 0958",
                        "2 (555) 123-4567", null), "phone_format"));
    }

    @Test
    void emailFormat_trimsAndLowerCases() throws Exception {
        assertEquals(cells("ann@example.com"), normalize(cells("  Ann@Example.COM "), "email_format"));
    }

    @Test
    void nameFormat_trimsAndTitleCases() throws Exception {
        assertEquals(cells("O'Neil", "Jean-Luc Picard"), normalize(cells("  o'neil  ", "jean-luc PICARD"),
                "name_format"));
    }

    // Whole numbers read back from .xlsx as Long (spreadsheets store doubles); 0.0 below is read as 0L.

    @Test
    void minMaxScale_scalesNumbersAndEmptiesTheRest() throws Exception {
        assertEquals(cells(0L, 0.5, 1L, null, null), normalize(cells(10, 20, "30", "abc", null), "min_max_scale"));
    }

    @Test
    void minMaxScale_leavesAConstantColumnUnchanged() throws Exception {
        assertEquals(cells(5L, 5L, "x"), normalize(cells(5, 5, "x"), "min_max_scale"));
    }

    @Test
    void zScore_usesTheSampleStandardDeviation() throws Exception {
        assertEquals(cells(-1L, 0L, 1L, null), normalize(cells(1, 2, 3, "n/a"), "z_score"));
    }

    @Test
    void zScore_withStandardDeviationZero_isTheDistanceToTheMean() throws Exception {
        assertEquals(cells(0L, 0L), normalize(cells(4, 4), "z_score"));
        assertEquals(cells(0L), normalize(cells(7), "z_score"));
    }

    @Test
    void roundDecimal_roundsHalfAwayFromZeroAndKeepsWholeNumbers() throws Exception {
        assertEquals(cells(2.68, 1.01, 3.14, 7L, null, -2.5),
                normalize(cells(2.675, 1.005, "3.14159", 7, "x", -2.499), "round_decimal"));
        assertEquals(cells(1230L, 20L, 0L), normalize(cells(1234, 15.5, 0.1234), "round_decimal",
                "{\"decimals\":-1}"));
        assertEquals(cells(3.1), normalize(cells(3.14159), "round_decimal", "{\"decimals\":\"1\"}"));
    }

    @Test
    void integerConvert_truncatesAndTurnsNonNumbersIntoZero() throws Exception {
        assertEquals(cells(1L, 0L, 0L, 3L, -2L, 1L, 8L, 7L),
                normalize(cells("1.26", "abc", null, 3.99, -2.5, true, 8, new Text("007")), "integer_convert"));
    }

    @Test
    void currencyFormat_readsAmountsWrittenAsText() throws Exception {
        assertEquals(cells(1200.5, 30L, 15L, null, 12.5, -5L), normalize(cells("$1,200.50", "€30", "(15)", "abc",
                12.5, "-$5"), "currency_format"));
    }

    @Test
    void dateFormat_readsEachValueOnItsOwn() throws Exception {
        assertEquals(cells("2024-01-15", "2024-01-15", "2024-02-15", "2024-01-15", "2024-01-05", null, null),
                normalize(cells(LocalDate.of(2024, 1, 15), LocalDateTime.of(2024, 1, 15, 10, 30), "15/02/2024",
                        "2024-01-15 10:30", "Jan 5, 2024", "nope", 45_000), "date_format"));
    }

    @Test
    void dateFormat_writesStrftimeFormats() throws Exception {
        assertEquals(cells("15 January 2024 (Mon) day 015, 100%", "05 January 2024 (Fri) day 005, 100%"),
                normalize(cells(LocalDate.of(2024, 1, 15), LocalDate.of(2024, 1, 5)), "date_format",
                        "{\"format\":\"%d %B %Y (%a) day %j, 100%%\"}"));
        assertEquals(cells("5/1/24"), normalize(cells(LocalDate.of(2024, 1, 5)), "date_format",
                "{\"format\":\"%-d/%-m/%y\"}"));
    }

    @Test
    void datetimeFormat_defaultsToDateAndTime() throws Exception {
        assertEquals(cells("2024-01-15 10:30:05", "2024-01-15 00:00:00"),
                normalize(cells(LocalDateTime.of(2024, 1, 15, 10, 30, 5), LocalDate.of(2024, 1, 15)),
                        "datetime_format"));
        assertEquals(cells("01/15/24 10:30 PM", "2024-01-15T22:30:00.250000"),
                List.of(normalize(cells("2024-01-15 22:30"), "datetime_format", "{\"format\":\"%m/%d/%y %I:%M %p\"}")
                        .get(0), normalize(cells("2024-01-15T22:30:00.25"), "datetime_format",
                        "{\"format\":\"%FT%T.%f\"}").get(0)));
    }

    @Test
    void dateFormats_withUnsupportedDirectives_areInvalidArguments() {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "date_format", "{\"format\":\"%Y %Z\"}"));

        assertEquals("normalizations[0].parameters.format", failure.field());
        assertEquals("Parameter 'format' of date_format uses %Z, which is not supported; supported: "
                + StrftimeFormat.SUPPORTED, failure.getMessage());
    }

    @Test
    void booleanConvert_givesBooleans() throws Exception {
        assertEquals(cells(true, false, true, true, false, true, false, false, null),
                normalize(cells("Yes", "no", " ON ", 1, 0, true, false, "maybe", null), "boolean_convert"));
        assertEquals(cells(true, true, false), normalize(cells("Si", "oui", "yes"), "boolean_convert",
                "{\"true_values\":[\"si\",\"OUI\"]}"));
        assertEquals(cells(true, false), normalize(cells("si", "no"), "boolean_convert",
                "{\"true_values\":\"si, oui\"}"));
    }

    @Test
    void yesNoConvert_givesYesOrNo() throws Exception {
        assertEquals(cells("Yes", "No", "Yes", "Yes", "No", null),
                normalize(cells("y", "on", "TRUE", 1, false, null), "yes_no_convert"));
        assertEquals(cells("Yes", "No"), normalize(cells("on", "y"), "yes_no_convert", "{\"true_values\":[\"on\"]}"));
    }

    @Test
    void regexReplace_replacesWithPythonTemplates() throws Exception {
        assertEquals(cells("1234-555", 42L, "a1b"), normalize(cells("555-1234", 42, "a1b"), "regex_replace",
                "{\"pattern\":\"(\\\\d{3})-(\\\\d{4})\",\"replacement\":\"\\\\2-\\\\1\"}"));
        assertEquals(cells("x-1"), normalize(cells("x1"), "regex_replace",
                "{\"pattern\":\"(?P<letter>[a-z])(?P<digit>\\\\d)\",\"replacement\":\"\\\\g<letter>-\\\\g<digit>\"}"));
    }

    @Test
    void regexPatterns_thatAreInvalidOrMissing_areInvalidArguments() {
        InvalidArgumentException invalid = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "regex_replace", "{\"pattern\":\"(\"}"));
        InvalidArgumentException missing = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "regex_replace", "{}"));
        InvalidArgumentException special = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "remove_special_chars", "{\"pattern\":\"[a-\"}"));
        InvalidArgumentException group = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "regex_replace", "{\"pattern\":\"x\",\"replacement\":\"\\\\1\"}"));

        assertEquals("normalizations[0].parameters.pattern", invalid.field());
        assertEquals("Parameter 'pattern' of regex_replace is not a valid regular expression: Unclosed group near"
                + " index 1", invalid.getMessage());
        assertEquals("Parameter 'pattern' of regex_replace is required", missing.getMessage());
        assertEquals("normalizations[0].parameters.pattern", special.field());
        assertEquals("normalizations[0].parameters.replacement", group.field());
        assertEquals("Parameter 'replacement' of regex_replace is invalid: the replacement refers to group 1 but"
                + " the pattern has 0", group.getMessage());
    }

    @Test
    void catastrophicPatterns_areCutOffWithAClearErrorWithinASecond() {
        OperationFailedException failure = assertTimeoutPreemptively(Duration.ofSeconds(1), () ->
                assertThrows(OperationFailedException.class, () -> normalize(cells("ok", "a,".repeat(40) + "x"),
                        "regex_replace", "{\"pattern\":\"^(.*?,){11}P\",\"replacement\":\"\"}")));

        assertEquals("regex_replace on column 'v' was stopped: its pattern took longer than 100 ms on data row 2"
                + " (catastrophic backtracking); simplify the pattern", failure.getMessage());
    }

    @Test
    void nestedQuantifierOnThirtyAs_completesWithinASecond() throws Exception {
        List<Object> result = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> normalize(
                cells("a".repeat(30) + "b"), "regex_replace", "{\"pattern\":\"(a+)+$\",\"replacement\":\"\"}"));

        assertEquals(cells("a".repeat(30) + "b"), result);
    }

    @Test
    void fillNullValues_fillsWithAValueOrAStatistic() throws Exception {
        assertEquals(cells(1L, 0L, 3L), normalize(cells(1, null, 3), "fill_null_values", "{\"value\":0}"));
        assertEquals(cells("a", "n/a"), normalize(cells("a", null), "fill_null_values",
                "{\"method\":\"value\",\"value\":\"n/a\"}"));
        assertEquals(cells(1L, 2L, 3L), normalize(cells(1, null, 3), "fill_null_values", "{\"method\":\"mean\"}"));
        assertEquals(cells(1L, 3L, 3L, 10L), normalize(cells(1, null, 3, 10), "fill_null_values",
                "{\"method\":\"MEDIAN\"}"));
        assertEquals(cells("a", "b", "b", "b"), normalize(cells("a", null, "b", "b"), "fill_null_values",
                "{\"method\":\"mode\"}"));
        assertEquals(cells("a", null), normalize(cells("a", null), "fill_null_values"));
    }

    @Test
    void fillNullValues_withAnUnknownMethod_isAnInvalidArgument() {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> normalize(cells("x"), "fill_null_values", "{\"method\":\"avg\"}"));

        assertEquals("normalizations[0].parameters.method", failure.field());
        assertEquals("Parameter 'method' of fill_null_values must be one of value, mean, median, mode",
                failure.getMessage());
    }

    @Test
    void outlierRemoval_emptiesNumbersBeyondTheFences() throws Exception {
        assertEquals(cells(10L, 12L, 11L, 13L, 12L, null, "x", null),
                normalize(cells(10, 12, 11, 13, 12, 100, "x", null), "outlier_removal"));
        assertEquals(cells(10L, 12L, 11L, 13L, 12L, 100L), normalize(cells(10, 12, 11, 13, 12, 100),
                "outlier_removal", "{\"multiplier\":100}"));
    }

    @Test
    void dateExtractParts_giveWholeNumbers() throws Exception {
        List<Object> dates = cells(LocalDate.of(2024, 3, 15), "2023-12-31T10:00:00", "nope",
                LocalDateTime.of(2022, 7, 4, 8, 0));

        assertEquals(cells(2024L, 2023L, null, 2022L), normalize(dates, "date_extract_year"));
        assertEquals(cells(3L, 12L, null, 7L), normalize(dates, "date_extract_month"));
        assertEquals(cells(15L, 31L, null, 4L), normalize(dates, "date_extract_day"));
    }

    @Test
    void categoricalMapping_replacesMappedValuesAndOptionallyTheRest() throws Exception {
        List<Object> values = cells("M", "F", "X", 1, null);

        assertEquals(cells("Male", "Female", "X", true, null), normalize(values, "categorical_mapping",
                "{\"mapping\":{\"M\":\"Male\",\"F\":\"Female\",\"1\":true}}"));
        assertEquals(cells("Male", "Female", "Other", "Other", null), normalize(values, "categorical_mapping",
                "{\"mapping\":{\"M\":\"Male\",\"F\":\"Female\"},\"default\":\"Other\"}"));
        assertEquals(cells("Male", null, null, null, null), normalize(values, "categorical_mapping",
                "{\"mapping\":{\"M\":\"Male\"},\"default\":null}"));
    }

    @Test
    void categoricalMapping_needsAMapping() {
        assertEquals("Parameter 'mapping' of categorical_mapping is required", assertThrows(
                InvalidArgumentException.class, () -> normalize(cells("x"), "categorical_mapping")).getMessage());
        assertEquals("Parameter 'mapping' of categorical_mapping must be a non-empty object of value to replacement",
                assertThrows(InvalidArgumentException.class, () -> normalize(cells("x"), "categorical_mapping",
                        "{\"mapping\":{}}")).getMessage());
    }

    @Test
    void removeDuplicates_dropsLaterRowsWithASeenValue() throws Exception {
        NormalizationFixtures.Run run = fixtures.run(fixtures.column(cells("a", "b", "a", null, null, "b", "c")),
                "{\"normalizations\":[{\"column_name\":\"v\",\"normalization_type\":\"remove_duplicates\"}]}");

        assertEquals(cells(1L, 2L, 4L, 7L), NormalizationFixtures.outputColumn(run, 0));
        assertEquals(cells("a", "b", null, "c"), NormalizationFixtures.outputColumn(run, 1));
        assertEquals(7L, run.data().get("total_rows"));
        assertEquals(4L, run.data().get("output_rows"));
    }

    @Test
    void typeList_describesEveryTypeWithItsParametersAndDefaults() {
        assertEquals(List.of("uppercase", "lowercase", "title_case", "trim_whitespace", "remove_special_chars",
                "phone_format", "email_format", "name_format", "min_max_scale", "z_score", "round_decimal",
                "integer_convert", "currency_format", "date_format", "datetime_format", "boolean_convert",
                "yes_no_convert", "regex_replace", "fill_null_values", "outlier_removal", "date_extract_year",
                "date_extract_month", "date_extract_day", "categorical_mapping", "remove_duplicates"),
                NormalizationTypes.names());
        NormalizationType round = NormalizationTypes.find(" Round_Decimal ").orElseThrow();
        assertEquals(Map.of("name", "decimals", "type", "integer", "default", 2, "required", false,
                "description", "Decimal places (-15 to 15; negative rounds to tens, hundreds...)."),
                round.parameters().get(0).toMap());
        assertEquals("[^a-zA-Z0-9\\s]", NormalizationTypes.find("remove_special_chars").orElseThrow()
                .parameter("pattern").defaultValue());
        assertEquals("true,1,yes,y,on", NormalizationTypes.find("boolean_convert").orElseThrow()
                .parameter("true_values").defaultValue());
        assertEquals("%Y-%m-%d %H:%M:%S", NormalizationTypes.find("datetime_format").orElseThrow()
                .parameter("format").defaultValue());
        assertEquals(1.5, NormalizationTypes.find("outlier_removal").orElseThrow().parameter("multiplier")
                .defaultValue());
        for (NormalizationType type : NormalizationTypes.ALL) {
            assertEquals(List.of("name", "description", "parameters"), List.copyOf(type.toMap().keySet()));
        }
    }
}
