package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.sheet.ColumnType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalizations in words to {@code normalization/apply} requests: "trim and lowercase the emails", "format
 * phone numbers", "round price to 1 decimal", "fill empty ages with the median". A generic verb (format, clean,
 * normalize, standardize) picks the type from the column: phone, e-mail, name, date, amount or plain text.
 */
final class NormalizationParser {

    /** One normalization asked for; {@code type} null means "decide from the column" by {@code verb}. */
    record Ask(String type, ObjectNode parameters, String verb) {
    }

    /** What one clause asks: the normalizations and the columns named (none, or all). */
    record Parsed(List<Ask> asks, List<String> items, boolean all) {
    }

    private record Rule(Pattern pattern, String type) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String GENERIC = "";
    private static final Pattern DECIMALS = Pattern.compile("\\bto (\\d{1,2}) (?:decimal places?|decimals?|digits?|dp|places?)\\b");
    private static final Pattern WHOLE = Pattern.compile("\\bto (?:the nearest )?(?:whole number|integer|unit)\\b");
    private static final Pattern FILL = Pattern.compile("\\b(?:fill(?: in)?|replace)(?: the| all)?(?: (?:empty|missing|blank|null|na|nan)(?: values| cells| ones)?)?"
            + "(?<columns>.*?)\\bwith (?:the |a |an )?(?<value>.+)$");
    private static final Pattern REPLACE = Pattern.compile("\\breplace (?<from>\"[^\"]*\"|'[^']*'|\\S+) (?:with|by) (?<to>\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern DATE_FORMAT = Pattern.compile("\\b(?:as|to|in|into|like)(?: the)?(?: format)? (?<format>iso(?: 8601)?|[dmy]{1,4}(?:[-/. ][dmy]{1,4}){2}(?: hh:mm(?::ss)?)?)\\b");
    private static final Pattern UNIT_RANGE = Pattern.compile("\\b(?:between 0 and 1|to 0-1|to 0 to 1|to the 0-1 range|to the range 0-1|0-1)\\b");
    private static final Pattern RECODE = Pattern.compile("\\brecode\\b(?<columns>[^:]*?):?\\s+(?<pairs>(?:[^,=]+=\\s*[^,]+,?\\s*)+)$");
    private static final List<Rule> RULES = List.of(
            rule("remove (?:the |all )?(?:special characters|symbols|punctuation|non-alphanumeric characters)(?: from)?", "remove_special_chars"),
            rule("remove (?:the |any )?outliers(?: from| in)?", "outlier_removal"),
            rule("(?:remove|strip|trim) (?:the )?(?:extra |leading and trailing |leading |trailing )?(?:white ?spaces?|spaces)(?: from| in)?|trim(?:med)?|strip", "trim_whitespace"),
            rule("(?:to |in |into )?(?:lower ?case|lowercase|lower-case)d?", "lowercase"),
            rule("(?:to |in |into )?(?:upper ?case|uppercase|upper-case|all caps|capitals)d?", "uppercase"),
            rule("(?:to |in |into )?(?:title ?case|proper case)|capitali[sz]e(?: (?:each|every|the first) (?:word|letter))?", "title_case"),
            rule("z-?scores?", "z_score"),
            rule("min-?max(?: scal(?:e|ing)| normali[sz]e)?|(?:re)?scale", "min_max_scale"),
            rule("round(?:ed)?(?: off)?", "round_decimal"),
            rule("(?:to|into) (?:integers?|ints?|whole numbers)", "integer_convert"),
            rule("(?:to|into) (?:booleans?|true ?/ ?false|true or false)", "boolean_convert"),
            rule("(?:to|into) (?:yes ?/ ?no|yes or no)", "yes_no_convert"),
            rule("(?:to|into) (?:numbers|numeric|plain numbers)|currency(?: format)?", "currency_format"),
            rule("extract (?:the )?years?(?: from| of)?", "date_extract_year"),
            rule("extract (?:the )?months?(?: from| of)?", "date_extract_month"),
            rule("extract (?:the )?days?(?: from| of)?", "date_extract_day"),
            rule("format(?:ted)?|clean(?: up)?|normali[sz]e|standardi[sz]e|tidy(?: up)?|parse|fix", GENERIC));
    private static final Set<String> VERBS = Set.of("convert", "make", "turn", "change", "cast", "set", "apply", "do",
            "put", "write", "them", "those", "these", "text", "numbers");
    private static final Pattern ALL = Pattern.compile("\\b(?:all|every|each)(?: the)?(?: text| string| other)? (?:columns?|fields?|cells?|values)\\b|"
            + "\\beverything\\b|\\bthe whole (?:file|sheet|table)\\b|\\ball(?: the)? data\\b|\\ball of it\\b|\\bthe data\\b");

    private NormalizationParser() {
    }

    private static Rule rule(String regex, String type) {
        return new Rule(Pattern.compile("(?<![a-z0-9])(?:" + regex + ")(?![a-z0-9])"), type);
    }

    static Parsed parse(String lower, String original) {
        char[] text = lower.toCharArray();
        List<Ask> asks = new ArrayList<>();
        List<String> extraItems = new ArrayList<>();
        Matcher fill = FILL.matcher(lower);
        Matcher replace = REPLACE.matcher(lower);
        Matcher recode = RECODE.matcher(lower);
        if (fill.find() && (fill.group().startsWith("fill") || fill.group().matches("replace (?:the |all )?(?:empty|missing|blank|null|na|nan).*"))) {
            asks.add(new Ask("fill_null_values", fillParameters(fill.group("value").strip(),
                    original.substring(fill.start("value"), fill.end("value")).strip()), "fill"));
            extraItems.add(fill.group("columns").replaceAll("\\b(?:empty|missing|blank|null)\\b", " "));
            return new Parsed(asks, itemsOf(extraItems), isAll(lower));
        }
        if (replace.find()) {
            ObjectNode parameters = JSON.objectNode();
            parameters.put("pattern", escape(Words.unquote(original.substring(replace.start("from"), replace.end("from")))));
            parameters.put("replacement", Words.unquote(original.substring(replace.start("to"), replace.end("to"))));
            asks.add(new Ask("regex_replace", parameters, "replace"));
            mask(text, replace.start(), replace.end());
        } else if (recode.find()) {
            ObjectNode mapping = JSON.objectNode();
            String pairs = original.substring(recode.start("pairs"), recode.end("pairs"));
            for (String pair : pairs.split(",")) {
                String[] sides = pair.split("=", 2);
                if (sides.length == 2 && !sides[0].isBlank()) {
                    mapping.put(Words.unquote(sides[0].strip()), Words.unquote(sides[1].strip()));
                }
            }
            ObjectNode parameters = JSON.objectNode();
            parameters.set("mapping", mapping);
            asks.add(new Ask("categorical_mapping", parameters, "recode"));
            return new Parsed(asks, itemsOf(List.of(recode.group("columns"))), false);
        }
        ObjectNode roundParameters = null;
        Matcher decimals = DECIMALS.matcher(lower);
        if (decimals.find()) {
            roundParameters = JSON.objectNode().put("decimals", Integer.parseInt(decimals.group(1)));
            mask(text, decimals.start(), decimals.end());
        } else {
            Matcher whole = WHOLE.matcher(lower);
            if (whole.find()) {
                roundParameters = JSON.objectNode().put("decimals", 0);
                mask(text, whole.start(), whole.end());
            }
        }
        String dateFormat = null;
        Matcher format = DATE_FORMAT.matcher(new String(text));
        if (format.find()) {
            dateFormat = strftime(format.group("format"));
            mask(text, format.start(), format.end());
        }
        boolean unitRange = false;
        Matcher range = UNIT_RANGE.matcher(new String(text));
        if (range.find()) {
            unitRange = true;
            mask(text, range.start(), range.end());
        }
        boolean all = isAll(new String(text));
        Matcher allMatcher = ALL.matcher(new String(text));
        while (allMatcher.find()) {
            mask(text, allMatcher.start(), allMatcher.end());
        }
        List<int[]> found = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(new String(text));
            while (m.find()) {
                String type = rule.type();
                ObjectNode parameters = null;
                String verb = m.group().strip();
                if (type.equals("round_decimal")) {
                    parameters = roundParameters;
                } else if (type.equals(GENERIC) && unitRange) {
                    type = "min_max_scale";
                } else if (type.equals(GENERIC) && dateFormat != null) {
                    parameters = JSON.objectNode().put("format", dateFormat);
                }
                found.add(new int[]{m.start(), asks.size()});
                asks.add(new Ask(type.isEmpty() ? null : type, parameters, verb));
                mask(text, m.start(), m.end());
            }
        }
        if (asks.isEmpty() && unitRange) {
            asks.add(new Ask("min_max_scale", null, "scale"));
        }
        // in the order written: "trim and lowercase" trims first
        List<Ask> ordered = new ArrayList<>(asks);
        if (!found.isEmpty()) {
            found.sort((a, b) -> Integer.compare(a[0], b[0]));
            ordered.clear();
            for (Ask ask : asks) {
                if (found.stream().noneMatch(f -> asks.get(f[1]) == ask)) {
                    ordered.add(ask);
                }
            }
            for (int[] f : found) {
                ordered.add(asks.get(f[1]));
            }
        }
        return new Parsed(ordered, itemsOf(List.of(new String(text))), all);
    }

    /** The types to apply to one column: a generic verb becomes the type that suits the column. */
    static List<ObjectNode> normalizations(List<Ask> asks, ColumnFacts column) {
        List<ObjectNode> out = new ArrayList<>();
        for (Ask ask : asks) {
            String type = ask.type() != null ? ask.type() : inferred(ask.verb(), column);
            ObjectNode parameters = ask.parameters();
            if (ask.type() == null && parameters != null && parameters.has("format") && !type.endsWith("date_format")
                    && !type.equals("datetime_format")) {
                parameters = null;
            }
            ObjectNode normalization = JSON.objectNode();
            normalization.put("column_name", column.name());
            normalization.put("normalization_type", type);
            if (parameters != null && !parameters.isEmpty()) {
                normalization.set("parameters", parameters.deepCopy());
            }
            out.add(normalization);
        }
        return out;
    }

    /** The columns "all" means for these normalizations: text columns, or numbers or dates for their types. */
    static boolean suits(List<Ask> asks, ColumnFacts column) {
        ColumnType type = ConditionParser.type(column);
        for (Ask ask : asks) {
            String t = ask.type() == null ? "" : ask.type();
            boolean numeric = Set.of("round_decimal", "z_score", "min_max_scale", "outlier_removal").contains(t);
            boolean date = t.startsWith("date_extract");
            boolean isNumber = type == ColumnType.INTEGER || type == ColumnType.NUMBER;
            if (numeric != isNumber || date != ConditionParser.isTemporal(type)) {
                return false;
            }
            if (!numeric && !date && type != ColumnType.TEXT && type != ColumnType.MIXED) {
                return false;
            }
        }
        return true;
    }

    private static String inferred(String verb, ColumnFacts column) {
        List<String> words = Words.tokens(Words.fold(column.name()));
        ColumnType type = ConditionParser.type(column);
        boolean standardize = verb.startsWith("standardi");
        if (type == ColumnType.DATE) {
            return "date_format";
        }
        if (type == ColumnType.DATETIME) {
            return "datetime_format";
        }
        if (type == ColumnType.INTEGER || type == ColumnType.NUMBER) {
            if (verb.startsWith("normali")) {
                return "min_max_scale";
            }
            if (standardize) {
                return "z_score";
            }
            throw new CannotPlan("`" + column.name() + "` holds numbers: I can round them, scale them to 0..1, turn"
                    + " them into z-scores or remove outliers. Which one?");
        }
        if (words.stream().anyMatch(w -> Set.of("phone", "telephone", "tel", "mobile", "cell", "fax", "telefono", "telefone").contains(w))) {
            return "phone_format";
        }
        if (words.stream().anyMatch(w -> Set.of("email", "mail", "emails").contains(w)) || String.join(" ", words).contains("e mail")) {
            return "email_format";
        }
        if (words.stream().anyMatch(w -> Set.of("name", "names", "nom", "prenom", "surname", "firstname", "lastname", "fullname").contains(w))) {
            return "name_format";
        }
        if (words.stream().anyMatch(w -> Set.of("price", "amount", "cost", "salary", "revenue", "total", "fee", "currency").contains(w))) {
            return "currency_format";
        }
        if (verb.startsWith("format")) {
            throw new NeedAnswer("How should I format `" + column.name() + "`: trim spaces, lower case, upper case or"
                    + " title case?", "mapping", List.of());
        }
        return "trim_whitespace";
    }

    private static ObjectNode fillParameters(String valueLower, String valueOriginal) {
        ObjectNode parameters = JSON.objectNode();
        String v = valueLower.replaceAll("[.!]+$", "").replaceAll("\\s+(?:value|values)$", "").strip();
        if (v.matches("mean|average")) {
            parameters.put("method", "mean");
        } else if (v.equals("median")) {
            parameters.put("method", "median");
        } else if (v.matches("mode|most (?:common|frequent)(?: one)?")) {
            parameters.put("method", "mode");
        } else {
            String literal = Words.unquote(valueOriginal.replaceAll("[.!]+$", "").strip());
            JsonNode value;
            try {
                BigDecimal number = new BigDecimal(literal);
                value = number.stripTrailingZeros().scale() <= 0 ? JSON.numberNode(number.longValueExact())
                        : JSON.numberNode(number.doubleValue());
            } catch (NumberFormatException | ArithmeticException e) {
                value = JSON.textNode(literal);
            }
            parameters.set("value", value);
        }
        return parameters;
    }

    private static String strftime(String format) {
        if (format.startsWith("iso")) {
            return "%Y-%m-%d";
        }
        return format.replace("yyyy", "%Y").replace("yy", "%y").replace("mm", "%m").replace("dd", "%d")
                .replace("hh:%m:ss", "%H:%M:%S").replace("hh:%m", "%H:%M");
    }

    /** A literal as a regular expression (Python syntax): special characters escaped. */
    private static String escape(String literal) {
        return literal.replaceAll("([\\\\.^$|?*+()\\[\\]{}])", "\\\\$1");
    }

    private static boolean isAll(String lower) {
        return ALL.matcher(lower).find();
    }

    private static List<String> itemsOf(List<String> phrases) {
        List<String> items = new ArrayList<>();
        for (String phrase : phrases) {
            for (String item : Phrases.items(phrase)) {
                List<String> tokens = new ArrayList<>(List.of(item.split("\\s+")));
                tokens.removeIf(VERBS::contains);
                String cleaned = Phrases.strip(String.join(" ", tokens));
                if (!cleaned.isEmpty() && !Phrases.namesNoColumn(cleaned)) {
                    items.add(cleaned);
                }
            }
        }
        return items;
    }

    private static void mask(char[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            text[i] = RequestText.MASK;
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
