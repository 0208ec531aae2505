package io.sheetflow.assistant.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text folding and distances shared by the parsers (and by recipe column suggestions). */
public final class Words {

    private Words() {
    }

    /** Lower case without accents, one character per input character, so positions stay those of the original. */
    static String lowerSameLength(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                out.append(Character.toLowerCase(c));
            } else {
                String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                out.append(Character.toLowerCase(decomposed.charAt(0)));
            }
        }
        return out.toString();
    }

    /** Lower case, accents removed, every run of other characters one space: {@code "E-mail_Address"} is {@code "e mail address"}. */
    public static String fold(String text) {
        String base = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        // camelCase headers read as words: "firstName" -> "first name"
        base = base.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        return base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    public static String compact(String folded) {
        return folded.replace(" ", "");
    }

    static List<String> tokens(String folded) {
        List<String> tokens = new ArrayList<>();
        for (String token : folded.split(" ")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** A word without its plural ending: emails, addresses, cities. */
    static String singular(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 4 && (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches")
                || word.endsWith("shes"))) {
            return word.substring(0, word.length() - 2);
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    /** Each word singular. */
    static String singularPhrase(String folded) {
        StringBuilder out = new StringBuilder();
        for (String token : tokens(folded)) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(singular(token));
        }
        return out.toString();
    }

    /** Optimal string alignment distance: edits, with a swap of two neighbours counting as one. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Quoted text kept as written: {@code 'x'}, {@code "x"} or {@code `x`}. */
    static String unquote(String text) {
        String t = text.strip();
        if (t.length() >= 2) {
            char first = t.charAt(0);
            char last = t.charAt(t.length() - 1);
            if ((first == '\'' || first == '"' || first == '`' || first == '\u201c' || first == '\u2018')
                    && (last == first || last == '\u201d' || last == '\u2019')) {
                return t.substring(1, t.length() - 1);
            }
        }
        return t;
    }
}
