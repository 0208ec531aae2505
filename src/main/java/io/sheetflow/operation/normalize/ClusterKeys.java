package io.sheetflow.operation.normalize;

import org.apache.commons.codec.language.Metaphone;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The keys that put near-duplicate values together, after OpenRefine's key collision methods. Values with equal
 * keys belong to one cluster.
 */
final class ClusterKeys {

    private static final ThreadLocal<Metaphone> METAPHONE = ThreadLocal.withInitial(Metaphone::new);

    private ClusterKeys() {
    }

    /**
     * Lower case, accents and punctuation removed, the words sorted and each kept once. One departure from
     * OpenRefine: a run of single-letter words is one word, so {@code U S A} and {@code U. S. A.} key as
     * {@code usa} like {@code U.S.A.} and {@code USA}.
     */
    static String fingerprint(String value) {
        return String.join(" ", new TreeSet<>(words(value)));
    }

    /** The sorted distinct {@code n}-grams of the value with case, accents, punctuation and white space removed. */
    static String ngram(String value, int n) {
        String letters = fold(value).replaceAll("\\s+", "");
        if (letters.length() <= n) {
            return letters;
        }
        TreeSet<String> grams = new TreeSet<>();
        for (int i = 0; i + n <= letters.length(); i++) {
            grams.add(letters.substring(i, i + n));
        }
        return String.join("", grams);
    }

    /** The fingerprint's words by how they sound (Metaphone); a word with no letters stays as it is. */
    static String metaphone(String value) {
        TreeSet<String> sounds = new TreeSet<>();
        Metaphone metaphone = METAPHONE.get();
        for (String word : words(value)) {
            String sound = metaphone.metaphone(word);
            sounds.add(sound == null || sound.isEmpty() ? word : sound);
        }
        return String.join(" ", sounds);
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder initials = new StringBuilder();
        for (String word : fold(value).split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.length() == 1) {
                initials.append(word);
                continue;
            }
            if (!initials.isEmpty()) {
                words.add(initials.toString());
                initials.setLength(0);
            }
            words.add(word);
        }
        if (!initials.isEmpty()) {
            words.add(initials.toString());
        }
        return words;
    }

    /** Trimmed, lower case, without accents, punctuation or control characters. */
    private static String fold(String value) {
        String decomposed = Normalizer.normalize(value.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.CONTROL || isPunctuation(type)) {
                continue;
            }
            out.append(Character.isWhitespace(c) ? ' ' : c);
        }
        return out.toString();
    }

    private static boolean isPunctuation(int type) {
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION || type == Character.MATH_SYMBOL
                || type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL
                || type == Character.OTHER_SYMBOL;
    }
}
