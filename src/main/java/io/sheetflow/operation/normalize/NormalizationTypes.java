package io.sheetflow.operation.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.cells.BoundedRegex;
import io.sheetflow.operation.cells.JsonCells;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * Every normalization type, with what it does and its parameters (for {@code GET /api/v1/normalization/types}),
 * and how each is made from a request's parameters. Pycelize's 20 types plus {@code date_extract_year},
 * {@code date_extract_month}, {@code date_extract_day}, {@code categorical_mapping} and {@code remove_duplicates},
 * which Pycelize lists but does not implement.
 */
public final class NormalizationTypes {

    private static final String STRING = "string";
    private static final String STRING_LIST = "string list";

    /** All types, in Pycelize's order, then the five it lists without implementing. */
    public static final List<NormalizationType> ALL = List.of(
            simple("uppercase", "Text in upper case.", p -> new UppercaseNormalizer()),
            simple("lowercase", "Text in lower case.", p -> new LowercaseNormalizer()),
            simple("title_case", "Text with each word capitalised, as Python's str.title() (\"o'neil\" becomes"
                    + " \"O'Neil\").", p -> new TitleCaseNormalizer()),
            simple("trim_whitespace", "Leading and trailing white space removed.",
                    p -> new TrimWhitespaceNormalizer()),
            type("remove_special_chars", "Characters matching a pattern removed (by default anything but ASCII"
                    + " letters, digits and white space, so \"1.26\" becomes \"126\").", List.of(
                    ParameterSpec.optional("pattern", STRING, RemoveSpecialCharsNormalizer.DEFAULT_PATTERN,
                            "The characters to replace, as a regular expression (Python syntax)."),
                    ParameterSpec.optional("replacement", STRING, "", "What replaces each match.")),
                    p -> {
                        BoundedRegex regex = pattern(p, "pattern");
                        return new RemoveSpecialCharsNormalizer(regex, replacement(p, regex));
                    }),
            simple("phone_format", "Phone numbers from their digits: 10 digits as (XXX) XXX-XXXX, 11 digits"
                    + " starting with 1 as +1 (XXX) XXX-XXXX; other values unchanged.",
                    p -> new PhoneFormatNormalizer()),
            simple("email_format", "E-mail addresses trimmed and in lower case.", p -> new EmailFormatNormalizer()),
            simple("name_format", "Names trimmed and with each word capitalised.", p -> new NameFormatNormalizer()),
            simple("min_max_scale", "Numbers scaled to 0..1 by the column's min and max; values that are not"
                    + " numbers become empty; a constant column is unchanged.", p -> new MinMaxScaleNormalizer()),
            simple("z_score", "Numbers as (x - mean) / std (sample standard deviation; x - mean when it is 0);"
                    + " values that are not numbers become empty.", p -> new ZScoreNormalizer()),
            type("round_decimal", "Numbers rounded to a number of decimal places, half away from zero; values"
                    + " that are not numbers become empty.", List.of(
                    ParameterSpec.optional("decimals", "integer", 2, "Decimal places (-15 to 15; negative"
                            + " rounds to tens, hundreds...).")),
                    p -> new RoundDecimalNormalizer(p.integer("decimals", -15, 15))),
            simple("integer_convert", "Whole numbers, truncated toward zero (\"1.26\" becomes 1); values that are"
                    + " not numbers, empty ones included, become 0.", p -> new IntegerConvertNormalizer()),
            simple("currency_format", "Amounts written as text to numbers (\"$1,200.50\" becomes 1200.5): all but"
                    + " digits, '.' and '-' removed.", p -> new CurrencyFormatNormalizer()),
            type("date_format", "Dates (date cells or date text, each value read on its own) as text in a"
                    + " strftime format; values that are not dates become empty.", List.of(
                    ParameterSpec.optional("format", STRING, "%Y-%m-%d", "A strftime format; supported: "
                            + StrftimeFormat.SUPPORTED + ".")),
                    p -> new DateFormatNormalizer("date_format", strftime(p))),
            type("datetime_format", "Dates and times as text in a strftime format; values that are not dates"
                    + " become empty.", List.of(
                    ParameterSpec.optional("format", STRING, "%Y-%m-%d %H:%M:%S", "A strftime format; supported: "
                            + StrftimeFormat.SUPPORTED + ".")),
                    p -> new DateFormatNormalizer("datetime_format", strftime(p))),
            type("boolean_convert", "true when the value is one of the true values (any case), else false;"
                    + " boolean cells stay, empty cells stay empty.", List.of(
                    ParameterSpec.optional("true_values", STRING_LIST, BooleanConvertNormalizer.DEFAULT_TRUE_VALUES,
                            "The values read as true: an array of strings or one comma-separated string.")),
                    p -> new BooleanConvertNormalizer(new TruthValues(p.textList("true_values")))),
            type("yes_no_convert", "\"Yes\" when the value is one of the true values (any case), else \"No\";"
                    + " empty cells stay empty.", List.of(
                    ParameterSpec.optional("true_values", STRING_LIST, YesNoConvertNormalizer.DEFAULT_TRUE_VALUES,
                            "The values read as yes: an array of strings or one comma-separated string.")),
                    p -> new YesNoConvertNormalizer(new TruthValues(p.textList("true_values")))),
            type("regex_replace", "Every match of a regular expression replaced; each value may take at most "
                    + BoundedRegex.DEFAULT_BUDGET_MILLIS + " ms.", List.of(
                    ParameterSpec.required("pattern", STRING, "The regular expression (Python syntax)."),
                    ParameterSpec.optional("replacement", STRING, "", "What replaces each match; \\1 or \\g<name>"
                            + " insert groups.")),
                    p -> {
                        BoundedRegex regex = pattern(p, "pattern");
                        return new RegexReplaceNormalizer(regex, replacement(p, regex));
                    }),
            type("fill_null_values", "Empty cells filled with a value, or with the column's mean, median or most"
                    + " frequent value.", List.of(
                    ParameterSpec.optional("value", "value", "", "The fill value for method 'value': text, a"
                            + " number or a boolean."),
                    ParameterSpec.optional("method", STRING, "value", "value, mean, median or mode.")),
                    NormalizationTypes::fillNullValues),
            type("outlier_removal", "Numbers outside the quartiles by more than multiplier x IQR become empty.",
                    List.of(ParameterSpec.optional("multiplier", "number", 1.5, "How many interquartile ranges"
                            + " beyond the quartiles a number may lie (at least 0).")),
                    p -> new OutlierRemovalNormalizer(p.number("multiplier", 0), p.column())),
            simple("date_extract_year", "The year of a date (date cells or date text) as a number.",
                    p -> new DatePartNormalizer("date_extract_year", ChronoField.YEAR)),
            simple("date_extract_month", "The month (1-12) of a date as a number.",
                    p -> new DatePartNormalizer("date_extract_month", ChronoField.MONTH_OF_YEAR)),
            simple("date_extract_day", "The day of the month of a date as a number.",
                    p -> new DatePartNormalizer("date_extract_day", ChronoField.DAY_OF_MONTH)),
            type("categorical_mapping", "Values replaced through a mapping; unmapped values stay unless a default"
                    + " is given; empty cells stay empty.", List.of(
                    ParameterSpec.required("mapping", "object", "Value (as displayed, e.g. \"1\") to its"
                            + " replacement: text, a number, a boolean or null."),
                    ParameterSpec.optional("default", "value", null, "The replacement of values the mapping does"
                            + " not list; when absent they stay as they are.")),
                    NormalizationTypes::categoricalMapping),
            simple("remove_duplicates", "Drops every later row whose value in the column was seen before (an"
                    + " empty cell counts as a value).", p -> new RemoveDuplicatesNormalizer()));

    private static final Map<String, NormalizationType> BY_NAME = new LinkedHashMap<>();

    static {
        for (NormalizationType type : ALL) {
            BY_NAME.put(type.name(), type);
        }
    }

    private NormalizationTypes() {
    }

    /** The type of that name, in any case and with surrounding spaces ignored (as Pycelize matches). */
    public static Optional<NormalizationType> find(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(BY_NAME.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * Reads the parameters and makes the normalizer.
     *
     * @param fieldPrefix the normalization's path in the arguments, e.g. {@code normalizations[2]}
     * @throws InvalidArgumentException naming the parameter at fault
     */
    static Normalizer create(NormalizationType type, Map<String, JsonNode> parameters, String column,
                             String fieldPrefix) {
        return type.factory().apply(new Parameters(type, parameters, column, fieldPrefix));
    }

    private static NormalizationType simple(String name, String description,
                                            Function<Parameters, Normalizer> factory) {
        return new NormalizationType(name, description, List.of(), factory);
    }

    private static NormalizationType type(String name, String description, List<ParameterSpec> parameters,
                                          Function<Parameters, Normalizer> factory) {
        return new NormalizationType(name, description, parameters, factory);
    }

    private static BoundedRegex pattern(Parameters p, String name) {
        try {
            return BoundedRegex.compile(p.text(name));
        } catch (PatternSyntaxException e) {
            throw p.invalid(name, "is not a valid regular expression: " + BoundedRegex.describe(e));
        }
    }

    private static BoundedRegex.Replacement replacement(Parameters p, BoundedRegex regex) {
        try {
            return regex.replacement(p.text("replacement"));
        } catch (IllegalArgumentException e) {
            throw p.invalid("replacement", "is invalid: " + e.getMessage());
        }
    }

    private static DateTimeFormatter strftime(Parameters p) {
        try {
            return StrftimeFormat.compile(p.text("format"));
        } catch (IllegalArgumentException e) {
            throw p.invalid("format", e.getMessage());
        }
    }

    private static Normalizer fillNullValues(Parameters p) {
        FillNullValuesNormalizer.Method method;
        try {
            method = FillNullValuesNormalizer.Method.valueOf(p.text("method").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw p.invalid("method", "must be one of value, mean, median, mode");
        }
        Object value;
        try {
            value = p.has("value") ? JsonCells.toCell(p.node("value")) : null;
        } catch (IllegalArgumentException e) {
            throw p.invalid("value", "must be text, a number or a boolean");
        }
        return new FillNullValuesNormalizer(method, value, p.column());
    }

    private static Normalizer categoricalMapping(Parameters p) {
        JsonNode mapping = p.node("mapping");
        if (!mapping.isObject() || mapping.isEmpty()) {
            throw p.invalid("mapping", "must be a non-empty object of value to replacement");
        }
        Map<String, Object> replacements = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = mapping.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            try {
                replacements.put(field.getKey(), JsonCells.toCell(field.getValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException(p.field("mapping") + "." + field.getKey(), "Parameter 'mapping' of"
                        + " categorical_mapping: the replacement of '" + field.getKey() + "' must be text, a number,"
                        + " a boolean or null");
            }
        }
        Object defaultValue;
        try {
            defaultValue = p.has("default") ? JsonCells.toCell(p.node("default")) : null;
        } catch (IllegalArgumentException e) {
            throw p.invalid("default", "must be text, a number, a boolean or null");
        }
        return new CategoricalMappingNormalizer(replacements, p.present("default"), defaultValue);
    }
}
