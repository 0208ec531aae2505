package io.sheetflow.operation.cells;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.PatternSyntaxException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedRegexTest {

    private static final String CSV_LINE = "a,".repeat(40) + "x";

    @Test
    void catastrophicBacktracking_isCutOffAtTheBudget() {
        BoundedRegex regex = BoundedRegex.compile("^(.*?,){11}P");

        long started = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(BoundedRegex.TimeoutException.class, () -> regex.find(CSV_LINE)));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= BoundedRegex.DEFAULT_BUDGET_MILLIS, "stopped after " + millis + " ms");
    }

    @Test
    void nestedQuantifierOnThirtyAs_finishesWellWithinASecond() {
        // Java's engine memoises (a+)+ loops, so this classic ReDoS is not catastrophic here; it must still
        // answer (no match) quickly, and the bound stays in place for the patterns that are.
        BoundedRegex regex = BoundedRegex.compile("(a+)+$");

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertTrue(regex.find("a".repeat(30))));
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertFalse(regex.find("a".repeat(30) + "b")));
    }

    @Test
    void replaceAll_usesPythonTemplates() {
        BoundedRegex regex = BoundedRegex.compile("(?P<user>\\w+)@(\\w+)\\.com");

        assertEquals("bob at example!", regex.replaceAll("bob@example.com!", regex.replacement("\\g<user> at \\2")));
        assertEquals("$1 bob", regex.replaceAll("bob@x.com", regex.replacement("$1 \\1")));
        BoundedRegex dash = BoundedRegex.compile("-");
        assertEquals("a\\b", dash.replaceAll("a-b", dash.replacement("\\\\")));
    }

    @Test
    void pythonBackReferencesByName_areTranslated() {
        BoundedRegex regex = BoundedRegex.compile("(?P<c>.)(?P=c)");

        assertTrue(regex.find("abba"));
        assertFalse(regex.find("abab"));
    }

    @Test
    void characterClasses_matchUnicodeAsInPython() {
        assertEquals("Zoë 123", BoundedRegex.compile("[^\\w\\s]").replaceAll("Zoë! 123?",
                BoundedRegex.compile("x").replacement("")));
    }

    @Test
    void replacementReferringToMissingGroups_isRefused() {
        BoundedRegex regex = BoundedRegex.compile("(a)");

        assertEquals("the replacement refers to group 2 but the pattern has 1",
                assertThrows(IllegalArgumentException.class, () -> regex.replacement("\\2")).getMessage());
        assertEquals("the replacement refers to group 'x', which the pattern does not define",
                assertThrows(IllegalArgumentException.class, () -> regex.replacement("\\g<x>")).getMessage());
        assertEquals("the replacement has an unknown escape \\q",
                assertThrows(IllegalArgumentException.class, () -> regex.replacement("\\q")).getMessage());
    }

    @Test
    void invalidPatterns_failToCompileWithAOneLineDescription() {
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> BoundedRegex.compile("(a"));

        assertEquals("Unclosed group near index 2", BoundedRegex.describe(e));
    }
}
