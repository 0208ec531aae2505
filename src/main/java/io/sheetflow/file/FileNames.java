package io.sheetflow.file;

import java.text.Normalizer;
import java.util.function.Predicate;

/** Display names derived from user input: safe to show and to put in headers, never used as paths. */
public final class FileNames {
    private static final int MAX_LENGTH = 200;
    private static final String FORBIDDEN = "<>:\"/\\|?*";

    private FileNames() {
    }

    /**
     * Strips directories, control and bidi-format characters and reserved punctuation; keeps unicode
     * letters. Returns an empty string when nothing usable is left.
     */
    public static String sanitise(String raw) {
        if (raw == null) {
            return "";
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE || FORBIDDEN.indexOf(cp) >= 0) {
                return;
            }
            clean.appendCodePoint(Character.isWhitespace(cp) ? ' ' : cp);
        });
        String result = clean.toString().replaceAll(" {2,}", " ").strip();
        result = result.replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        if (result.length() > MAX_LENGTH) {
            int dot = result.lastIndexOf('.');
            String ext = dot > 0 && result.length() - dot <= 10 ? result.substring(dot) : "";
            result = result.substring(0, MAX_LENGTH - ext.length()) + ext;
        }
        return result;
    }

    /** {@code base.ext}, or {@code base_2.ext}, {@code base_3.ext}... whichever is not taken yet. */
    public static String unique(String base, String extension, Predicate<String> taken) {
        String safeBase = sanitise(base);
        if (safeBase.isEmpty()) {
            safeBase = "output";
        }
        if (safeBase.length() > MAX_LENGTH - 20) {
            safeBase = safeBase.substring(0, MAX_LENGTH - 20);
        }
        String candidate = safeBase + "." + extension;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = safeBase + "_" + n + "." + extension;
        }
        return candidate;
    }

    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
