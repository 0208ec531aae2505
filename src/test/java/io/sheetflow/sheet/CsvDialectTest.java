package io.sheetflow.sheet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvDialectTest {

    @ParameterizedTest
    @ValueSource(chars = {',', ';', '\t', '|'})
    void consistentDelimiter_isDetected(char delimiter) {
        String text = String.join(String.valueOf(delimiter), "a", "b", "c") + "\n"
                + String.join(String.valueOf(delimiter), "1", "2", "3") + "\n";

        assertEquals(delimiter, CsvDialect.detectDelimiter(text, true));
    }

    @Test
    void delimitersInsideQuotes_areNotCounted() {
        String text = "\"a,b\";\"c,d,e\"\n\"1,2\";\"3\"\n";

        assertEquals(';', CsvDialect.detectDelimiter(text, true));
    }

    @Test
    void semicolonsWithDecimalCommas_detectSemicolon() {
        String text = "price;qty\n1,5;2\n10,25;3\n";

        assertEquals(';', CsvDialect.detectDelimiter(text, true));
    }

    @Test
    void singleColumn_defaultsToComma() {
        assertEquals(',', CsvDialect.detectDelimiter("name\nAlice\nBob\n", true));
    }

    @Test
    void raggedRows_fallBackToTheHeadersDelimiter() {
        assertEquals(',', CsvDialect.detectDelimiter("a,b,c\n1,2\n3,4,5;6\n", true));
    }

    @Test
    void cutLastLineOfASample_isIgnored() {
        assertEquals('|', CsvDialect.detectDelimiter("a|b\n1|2\n3|4,5,6,7", false));
    }

    @Test
    void invalidUtf8_fallsBackToWindows1252() {
        byte[] latin = "name\ncaf\u00e9\n".getBytes(CsvDialect.WINDOWS_1252);

        assertEquals(CsvDialect.WINDOWS_1252, CsvDialect.detect(latin, true).charset());
        assertEquals(StandardCharsets.UTF_8,
                CsvDialect.detect("name\ncaf\u00e9\n".getBytes(StandardCharsets.UTF_8), true).charset());
    }

    @Test
    void multibyteCharacterCutAtTheSampleEnd_isStillUtf8() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] sample = TestFiles.concat("a\n".getBytes(StandardCharsets.UTF_8), new byte[] {euro[0], euro[1]});

        assertEquals(StandardCharsets.UTF_8, CsvDialect.detect(sample, false).charset());
        assertEquals(CsvDialect.WINDOWS_1252, CsvDialect.detect(sample, true).charset());
    }
}
