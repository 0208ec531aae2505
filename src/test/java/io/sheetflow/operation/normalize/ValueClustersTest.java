package io.sheetflow.operation.normalize;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clustering methods on their own: what each one joins and what it keeps apart. */
class ValueClustersTest {

    private static List<Set<String>> clusters(String method, String... cells) {
        ValueClusters values = new ValueClusters("c");
        for (String cell : cells) {
            values.add(cell);
        }
        return values.clusters(method, 2, 100).clusters().stream()
                .map(c -> c.values().stream().map(e -> e.getKey()).collect(Collectors.toSet())).toList();
    }

    @Test
    void levenshtein_joinsOneTypo_thatTheKeyMethodsKeepApart() {
        String[] cells = {"Jonathan Smith", "Jonathon Smith", "Jonathan Smith", "Maria Lopez"};
        assertEquals(List.of(Set.of("Jonathan Smith", "Jonathon Smith")), clusters("levenshtein", cells));
        assertEquals(List.of(), clusters("fingerprint", cells));
    }

    @Test
    void levenshtein_doesNotChainThroughNeighbours() {
        // cat-bat-bit-bot: each one edit from the next; the centre "cat" only takes its own neighbours.
        List<Set<String>> found = clusters("levenshtein", "cat", "cat", "cat", "bat", "bit", "bot");
        assertTrue(found.contains(Set.of("cat", "bat")), found.toString());
        assertFalse(found.stream().anyMatch(c -> c.contains("cat") && c.contains("bit")), found.toString());
    }

    @Test
    void fingerprint_ignoresWordOrderAccentsAndPunctuation() {
        assertEquals(List.of(Set.of("Café de Flore", "flore, cafe de", "CAFE DE FLORE")),
                clusters("fingerprint", "Café de Flore", "flore, cafe de", "CAFE DE FLORE", "Cafe Flore"));
    }

    @Test
    void withinOneEdit_coversSubstitutionInsertionAndDeletion() {
        assertTrue(ValueClusters.withinOneEdit("colour", "color"));
        assertTrue(ValueClusters.withinOneEdit("grey", "gray"));
        assertTrue(ValueClusters.withinOneEdit("abc", "abcd"));
        assertFalse(ValueClusters.withinOneEdit("abc", "acb"), "a transposition is two edits");
        assertFalse(ValueClusters.withinOneEdit("abc", "abcde"));
    }
}
