package io.sheetflow.assistant.rules;

import io.sheetflow.assistant.ColumnFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splitting a phrase into list items and resolving them to headers, asking when one does not resolve. */
final class Phrases {

    private static final Set<String> EDGE = Set.of("from", "in", "of", "on", "for", "to", "at", "with", "by", "and",
            "then", "also", "or", "please", "the", "a", "an", "only", "just", "into", "as", "using", "plus", "me", "us",
            "i", "want", "need", "like", "would", "could", "you", "can", "finally", "after", "that", "this", "so",
            "it", "them", "make", "sure", "now", "first", "next", "too", "well", "generate", "create", "produce", "write");
    /** Sequence words that also start headers ("first name", "next date"): dropped only before another edge word. */
    private static final Set<String> SEQUENCE = Set.of("first", "next");
    /** Words that name the rows, not a column: "get customers where ...". */
    static final Set<String> NOT_COLUMNS = Set.of("rows", "row", "records", "record", "lines", "entries", "data",
            "everything", "all", "customers", "people", "users", "clients", "orders", "products", "employees", "items",
            "it", "them", "this", "that", "file", "results", "result", "output", "table", "sheet", "those", "ones",
            "columns", "fields", "values", "info", "stuff", "contents", "content", "thing", "things", "list",
            "copy", "version", "new", "one", "please", "out", "here", "there", "same");

    private static final Pattern EVERY = Pattern.compile("(?:all|both|every|each)(?: of)?(?: the)? (.+)");

    private Phrases() {
    }

    /** "email, name and the city" is [email, name, city]: split on commas, "and", "&", "+", "/" and ";". */
    static List<String> items(String phrase) {
        String cleaned = phrase.replace(RequestText.MASK, ' ');
        List<String> items = new ArrayList<>();
        for (String part : cleaned.split("\\s*(?:,|;|&|\\+|\\band\\b|\\bplus\\b|\\bas well as\\b)\\s*")) {
            String item = strip(part);
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /**
     * The phrase without leading and trailing connective words and punctuation; a dot or colon inside a word stays
     * ("example.com", "10:30"), or a value searched for would change.
     */
    static String strip(String phrase) {
        List<String> tokens = new ArrayList<>(List.of(phrase.replaceAll("[!?()\\[\\]]|[.:](?=\\s|$)|(?<=^|\\s)[.:]", " ").strip().split("\\s+")));
        while (!tokens.isEmpty() && (tokens.get(0).isEmpty() || EDGE.contains(tokens.get(0).toLowerCase()))) {
            String word = tokens.get(0).toLowerCase();
            if (SEQUENCE.contains(word) && tokens.size() > 1 && !EDGE.contains(tokens.get(1).toLowerCase())) {
                break;
            }
            tokens.remove(0);
        }
        while (!tokens.isEmpty() && EDGE.contains(tokens.get(tokens.size() - 1).toLowerCase())) {
            tokens.remove(tokens.size() - 1);
        }
        return String.join(" ", tokens).strip();
    }

    /** True when the item only names the rows or the file ("customers", "everything"). */
    static boolean namesNoColumn(String item) {
        for (String token : Words.tokens(Words.fold(item))) {
            if (!NOT_COLUMNS.contains(token) && !ColumnMatcher.FILLER.contains(token) && !EDGE.contains(token)) {
                return false;
            }
        }
        return true;
    }

    /** The header an item names, or a question: "did you mean", "which of", or the list of headers. */
    static ColumnFacts column(String item, List<ColumnFacts> columns, Map<String, String> corrections, String where) {
        ColumnMatch match = ColumnMatcher.resolve(item, columns, corrections);
        List<String> headers = columns.stream().map(ColumnFacts::name).toList();
        String phrase = ColumnMatcher.clean(item);
        if (match instanceof ColumnMatch.Found found) {
            return found.column();
        }
        if (match instanceof ColumnMatch.Nearest nearest) {
            String suggestion = nearest.headers().get(0);
            String question = nearest.headers().size() == 1
                    ? "I could not find a column '" + item + "' in " + where + ". Did you mean `" + suggestion + "`?"
                    : "I could not find a column '" + item + "' in " + where + ". Did you mean "
                    + String.join(" or ", nearest.headers().stream().map(h -> "`" + h + "`").toList()) + "?";
            throw new NeedAnswer(question, "column", phrase, headers, nearest.headers());
        }
        if (match instanceof ColumnMatch.Ambiguous ambiguous) {
            throw new NeedAnswer("Which column do you mean by '" + item + "': "
                    + String.join(" or ", ambiguous.headers().stream().map(h -> "`" + h + "`").toList()) + "?",
                    "column", phrase, headers, ambiguous.headers());
        }
        throw new NeedAnswer("There is no column '" + item + "' in " + where + ". Its columns are: "
                + String.join(", ", headers) + ". Which one do you mean?", "column", phrase, headers, List.of());
    }

    /** Each item's header, in order, without repeats. */
    static List<ColumnFacts> columns(List<String> items, List<ColumnFacts> columns, Map<String, String> corrections,
                                     String where) {
        List<ColumnFacts> found = new ArrayList<>();
        for (String item : items) {
            // "all the names", "both dates": every header the words fit, where one would be ambiguous
            Matcher every = EVERY.matcher(item);
            if (every.matches() && ColumnMatcher.resolve(every.group(1), columns, corrections)
                    instanceof ColumnMatch.Ambiguous ambiguous) {
                columns.stream().filter(c -> ambiguous.headers().contains(c.name()) && !found.contains(c))
                        .forEach(found::add);
                continue;
            }
            ColumnFacts column = column(item, columns, corrections, where);
            if (!found.contains(column)) {
                found.add(column);
            }
        }
        return found;
    }
}
