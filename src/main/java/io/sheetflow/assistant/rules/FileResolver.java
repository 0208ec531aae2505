package io.sheetflow.assistant.rules;

import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.SheetFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the conversation files a request names: by file name, by base name ("the customers file"), by role
 * ("the last output", "my upload") or by format when only one file has it ("the csv"); and the sheets it
 * names ("the Archive sheet"). Every mention is masked in the text.
 */
final class FileResolver {

    /** One file named in the request, at a position, with the word just before it (from, into, with...). */
    record FileMention(FileFacts file, int start, int end, String wordBefore) {
    }

    /** A sheet named in the request. */
    record SheetMention(FileFacts file, SheetFacts sheet) {
    }

    private static final String TRAILER = "(?:\\s+(?:file|spreadsheet|workbook|table|list|data|dataset|sheet|csv|xlsx|excel|export))?(?:\\s+file)?";
    private static final Pattern LAST_OUTPUT = Pattern.compile("\\b(?:the\\s+)?(?:last|latest|previous|newest|most recent|new)?\\s*"
            + "(?:output|result|results|generated file|file you (?:made|created|produced|generated))(?:\\s+file)?\\b");
    private static final Pattern UPLOAD = Pattern.compile("\\b(?:my|the)\\s+(?:last\\s+|latest\\s+|original\\s+)?"
            + "(?:upload|uploaded file|original file|original|file i (?:uploaded|sent|gave you))\\b|\\bthe file i (?:uploaded|sent)\\b");
    private static final Pattern BY_FORMAT = Pattern.compile("\\b(the|this|that|my|from|of)\\s+(csv|excel|xlsx|xls|spreadsheet|workbook)(\\s+file)?\\b");

    private FileResolver() {
    }

    /** The files that may be meant when none is named: uploads and outputs, not a run's intermediate files. */
    static List<FileFacts> candidates(List<FileFacts> files) {
        List<FileFacts> visible = files.stream().filter(f -> !"intermediate".equalsIgnoreCase(f.kind())).toList();
        return visible.isEmpty() ? files : visible;
    }

    static List<FileMention> mentions(RequestText text, List<FileFacts> files) {
        List<FileMention> found = new ArrayList<>();
        // full names first ("customers.xlsx"), longest first, so "customers" does not shadow "customers_2024"
        List<FileFacts> byLength = new ArrayList<>(files);
        byLength.sort(Comparator.comparingInt((FileFacts f) -> -f.name().length()));
        for (FileFacts file : byLength) {
            find(text, file, Pattern.compile("(?:\\bthe\\s+)?" + Pattern.quote(Words.lowerSameLength(file.name())) + "(?:\\s+file)?"), found);
        }
        // A bare word that is also a header names the column: "add the segment from segments.csv".
        Set<String> headers = new HashSet<>();
        files.forEach(f -> f.sheets().forEach(s -> s.columns().forEach(c -> headers.add(Words.fold(c.name())))));
        for (FileFacts file : byLength) {
            String base = baseName(file.name());
            if (base.replace(" ", "").length() < 3) {
                continue;
            }
            String words = spaced(base);
            find(text, file, Pattern.compile("(?:\\b(?:the|my)\\s+)?\\b" + words + "(?:s|es)?\\b" + TRAILER), found, headers);
            String singular = Words.singular(base);
            if (!singular.equals(base)) {
                find(text, file, Pattern.compile("(?:\\b(?:the|my)\\s+)?\\b" + spaced(singular) + "\\b" + TRAILER), found,
                        headers);
            }
        }
        List<FileFacts> visible = candidates(files);
        latest(visible, "output").or(() -> latest(files, "output")).or(() -> latest(files, "intermediate"))
                .ifPresent(file -> find(text, file, LAST_OUTPUT, found));
        latest(files, "upload").ifPresent(file -> find(text, file, UPLOAD, found));
        Matcher format = BY_FORMAT.matcher(text.lower());
        while (format.find()) {
            List<FileFacts> ofFormat = visible.stream().filter(f -> sameFormat(f, format.group(2))).toList();
            if (ofFormat.size() == 1) {
                int start = format.group(1).equals("from") || format.group(1).equals("of") ? format.start(2) : format.start();
                found.add(new FileMention(ofFormat.get(0), start, format.end(), wordBefore(text, start)));
                text.mask(start, format.end());
            }
        }
        found.sort(Comparator.comparingInt(FileMention::start));
        return found;
    }

    static List<SheetMention> sheets(RequestText text, List<FileFacts> files) {
        List<SheetMention> found = new ArrayList<>();
        for (FileFacts file : files) {
            for (SheetFacts sheet : file.sheets()) {
                if (sheet.name() == null || sheet.name().isBlank()) {
                    continue;
                }
                String name = Pattern.quote(Words.lowerSameLength(sheet.name()));
                Pattern pattern = Pattern.compile("(?:\\b(?:the|on|in|from)\\s+)?(?:\\b(?:sheet|tab|worksheet)\\s+[\"'`]?" + name
                        + "[\"'`]?|[\"'`]?\\b" + name + "\\b[\"'`]?\\s+(?:sheet|tab|worksheet)\\b)");
                Matcher m = pattern.matcher(text.lower());
                if (m.find()) {
                    found.add(new SheetMention(file, sheet));
                    text.mask(m.start(), m.end());
                }
            }
        }
        return found;
    }

    static Optional<FileFacts> latest(List<FileFacts> files, String kind) {
        return files.stream().filter(f -> kind.equalsIgnoreCase(f.kind()))
                .max(Comparator.comparing((FileFacts f) -> f.createdAt() == null ? Instant.EPOCH : f.createdAt()));
    }

    static boolean sameFormat(FileFacts file, String word) {
        String format = format(file);
        return switch (word) {
            case "csv" -> format.equals("csv");
            case "xls" -> format.equals("xls");
            default -> format.equals("xlsx") || format.equals("xls");
        };
    }

    /** The file's format in lower case, from its facts or else its name. */
    static String format(FileFacts file) {
        if (file.format() != null && !file.format().isBlank()) {
            return file.format().toLowerCase(Locale.ROOT);
        }
        int dot = file.name().lastIndexOf('.');
        return dot < 0 ? "" : file.name().substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The name without extension, folded: "Sales_2024.xlsx" is "sales 2024". */
    static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return Words.fold(dot > 0 ? name.substring(0, dot) : name);
    }

    private static String spaced(String folded) {
        StringBuilder regex = new StringBuilder();
        for (String token : Words.tokens(folded)) {
            if (!regex.isEmpty()) {
                regex.append("[\\s_\\-.]*");
            }
            regex.append(Pattern.quote(token));
        }
        return regex.toString();
    }

    private static void find(RequestText text, FileFacts file, Pattern pattern, List<FileMention> found) {
        find(text, file, pattern, found, Set.of());
    }

    private static void find(RequestText text, FileFacts file, Pattern pattern, List<FileMention> found,
                             Set<String> headers) {
        Matcher m = pattern.matcher(text.lower());
        while (m.find()) {
            if (m.end() == m.start()
                    || headers.contains(Words.fold(m.group().replaceFirst("^(?:the|my)\\s+", "")))) {
                continue;
            }
            found.add(new FileMention(file, m.start(), m.end(), wordBefore(text, m.start())));
            text.mask(m.start(), m.end());
            m = pattern.matcher(text.lower());
        }
    }

    private static String wordBefore(RequestText text, int start) {
        String before = text.lower(0, start).strip();
        int space = before.lastIndexOf(' ');
        return space < 0 ? before : before.substring(space + 1);
    }
}
