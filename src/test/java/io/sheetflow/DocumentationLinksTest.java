package io.sheetflow;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The README and docs/ link only to files and headings that exist, and never outside the repository. */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    @Test
    void everyRelativeLinkInTheDocumentation_pointsAtAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            for (String target : links(doc)) {
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked offline
                }
                int hash = target.indexOf('#');
                String file = hash >= 0 ? target.substring(0, hash) : target;
                String anchor = hash >= 0 ? target.substring(hash + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(doc + ": " + target + " (no such file)");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(doc + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theDocumentation_neverPointsOutsideTheRepository() throws IOException {
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            assertFalse(text.contains("../shared"), doc + " points outside the repository");
            for (String target : links(doc)) {
                if (!target.matches("^[a-z]+:.*")) {
                    Path resolved = doc.getParent().resolve(target.replaceAll("#.*", "")).toAbsolutePath().normalize();
                    assertFalse(!resolved.startsWith(Path.of("").toAbsolutePath()), doc + ": " + target);
                }
            }
        }
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(Path.of("README.md").toAbsolutePath());
        try (Stream<Path> files = Files.list(Path.of("docs").toAbsolutePath())) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The lines of {@code doc} outside fenced code blocks. */
    private static List<String> proseLines(Path doc) throws IOException {
        List<String> prose = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            if (!code) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static List<String> links(Path doc) throws IOException {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(doc)) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
    private static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : proseLines(doc)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = m.group(1).trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = slug;
                for (int n = 1; anchors.contains(unique); n++) {
                    unique = slug + "-" + n;
                }
                anchors.add(unique);
            }
        }
        return anchors;
    }
}
