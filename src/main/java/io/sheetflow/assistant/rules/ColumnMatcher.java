package io.sheetflow.assistant.rules;

import io.sheetflow.assistant.ColumnFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a phrase of the request to one of a table's real headers, whatever the case, spacing, underscores,
 * accents or plural; offers the nearest headers for a misspelling. Never returns a header the table lacks.
 */
final class ColumnMatcher {

    /** Words around a column name that do not belong to it ("the emails column", "all values of"). */
    static final Set<String> FILLER = Set.of("the", "a", "an", "column", "columns", "col", "cols", "field", "fields",
            "value", "values", "only", "just", "all", "every", "each", "their", "its", "my", "your", "our", "cell",
            "cells", "entries", "entry", "of", "please", "also", "both", "header", "headers");
    /** Trailing words a header may omit: "phone numbers" for {@code phone}, "email addresses" for {@code email}. */
    private static final Set<String> OPTIONAL_TAIL = Set.of("number", "numbers", "address", "addresses", "nr", "no",
            "code", "codes", "name", "names");

    private ColumnMatcher() {
    }

    /** The words of a phrase without the filler: "the emails column" is "emails". */
    static String clean(String phrase) {
        List<String> kept = new ArrayList<>();
        for (String token : Words.tokens(Words.fold(phrase))) {
            if (!FILLER.contains(token)) {
                kept.add(token);
            }
        }
        return String.join(" ", kept);
    }

    /**
     * @param corrections folded phrase to header, from answers to earlier "did you mean" questions
     */
    static ColumnMatch resolve(String phrase, List<ColumnFacts> columns, Map<String, String> corrections) {
        String item = clean(phrase);
        if (item.isEmpty()) {
            return new ColumnMatch.Missing();
        }
        String corrected = corrections.get(item);
        if (corrected != null) {
            for (ColumnFacts column : columns) {
                if (column.name().equals(corrected)) {
                    return new ColumnMatch.Found(column);
                }
            }
        }
        // the raw phrase first: a header may itself be "Column 1" or "Value"
        ColumnMatch exact = exact(Words.fold(phrase), columns);
        if (exact == null) {
            exact = exact(item, columns);
        }
        if (exact != null) {
            return exact;
        }
        List<String> tokens = Words.tokens(item);
        if (tokens.size() > 1 && OPTIONAL_TAIL.contains(tokens.get(tokens.size() - 1))) {
            ColumnMatch shorter = exact(String.join(" ", tokens.subList(0, tokens.size() - 1)), columns);
            if (shorter != null) {
                return shorter;
            }
        }
        ColumnMatch partial = partial(item, columns);
        if (partial != null) {
            return partial;
        }
        return nearest(item, columns);
    }

    private static ColumnMatch exact(String folded, List<ColumnFacts> columns) {
        if (folded.isEmpty()) {
            return null;
        }
        String singular = Words.compact(Words.singularPhrase(folded));
        List<ColumnFacts> same = new ArrayList<>();
        for (ColumnFacts column : columns) {
            String header = Words.fold(column.name());
            if (Words.compact(header).equals(Words.compact(folded))) {
                return new ColumnMatch.Found(column);
            }
            if (Words.compact(Words.singularPhrase(header)).equals(singular)) {
                same.add(column);
            }
        }
        return pick(same);
    }

    /** The one header starting with, or holding, every word of the phrase ("email" for {@code email_address}). */
    private static ColumnMatch partial(String item, List<ColumnFacts> columns) {
        List<String> wanted = Words.tokens(Words.singularPhrase(item));
        if (String.join("", wanted).length() < 3) {
            return null;
        }
        List<ColumnFacts> starting = new ArrayList<>();
        List<ColumnFacts> holding = new ArrayList<>();
        for (ColumnFacts column : columns) {
            List<String> header = Words.tokens(Words.singularPhrase(Words.fold(column.name())));
            if (header.size() > wanted.size() && header.subList(0, wanted.size()).equals(wanted)) {
                starting.add(column);
            } else if (header.containsAll(wanted)) {
                holding.add(column);
            }
        }
        if (!starting.isEmpty()) {
            return pick(starting);
        }
        return pick(holding);
    }

    private static ColumnMatch pick(List<ColumnFacts> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() == 1) {
            return new ColumnMatch.Found(candidates.get(0));
        }
        return new ColumnMatch.Ambiguous(candidates.stream().map(ColumnFacts::name).toList());
    }

    private static ColumnMatch nearest(String item, List<ColumnFacts> columns) {
        String wanted = Words.compact(Words.singularPhrase(item));
        int best = Integer.MAX_VALUE;
        List<String> bestHeaders = new ArrayList<>();
        for (ColumnFacts column : columns) {
            String folded = Words.singularPhrase(Words.fold(column.name()));
            int distance = Words.distance(wanted, Words.compact(folded));
            for (String token : Words.tokens(folded)) {
                if (token.length() >= 4) {
                    distance = Math.min(distance, Words.distance(wanted, token) + 1);
                }
            }
            if (distance > allowed(wanted.length())) {
                continue;
            }
            if (distance < best) {
                best = distance;
                bestHeaders.clear();
            }
            if (distance == best) {
                bestHeaders.add(column.name());
            }
        }
        return bestHeaders.isEmpty() ? new ColumnMatch.Missing() : new ColumnMatch.Nearest(List.copyOf(bestHeaders));
    }

    private static int allowed(int length) {
        if (length <= 3) {
            return 1;
        }
        return length <= 7 ? 2 : 3;
    }
}
