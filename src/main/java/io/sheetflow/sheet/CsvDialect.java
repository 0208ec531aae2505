package io.sheetflow.sheet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoding and field delimiter of a CSV file, detected from its first 64 KiB.
 *
 * @param charset   the text encoding
 * @param bomLength bytes of byte-order mark to skip (0 when there is none)
 * @param delimiter one of {@code , ; \t |}
 */
public record CsvDialect(Charset charset, int bomLength, char delimiter) {

    static final int SAMPLE_BYTES = 64 * 1024;
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};
    private static final int SAMPLE_RECORDS = 50;

    /** The delimiter as users write it: {@code ","}, {@code ";"}, {@code "\t"} or {@code "|"}. */
    public String delimiterText() {
        return String.valueOf(delimiter);
    }

    public boolean hasByteOrderMark() {
        return bomLength > 0;
    }

    /**
     * @param sample    the first {@link #SAMPLE_BYTES} bytes of the file (or all of it)
     * @param wholeFile whether the sample is the whole file
     */
    static CsvDialect detect(byte[] sample, boolean wholeFile) {
        Charset charset;
        int bomLength;
        if (startsWith(sample, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bomLength = 3;
        } else if (startsWith(sample, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bomLength = 2;
        } else if (startsWith(sample, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bomLength = 2;
        } else {
            charset = isStrictUtf8(sample, wholeFile) ? StandardCharsets.UTF_8 : WINDOWS_1252;
            bomLength = 0;
        }
        String text = new String(sample, bomLength, sample.length - bomLength, charset);
        return new CsvDialect(charset, bomLength, detectDelimiter(text, wholeFile));
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strict UTF-8 check. When the sample is not the whole file it may end inside a multibyte character: decoding
     * with {@code endOfInput=false} leaves such a tail as underflow instead of reporting it as malformed.
     */
    private static boolean isStrictUtf8(byte[] sample, boolean wholeFile) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(sample.length);
        CoderResult result = decoder.decode(ByteBuffer.wrap(sample), out, wholeFile);
        if (result.isError()) {
            return false;
        }
        return !wholeFile || !decoder.flush(out).isError();
    }

    /**
     * Counts each candidate outside quotes per record; the candidate found the same number of times (at least
     * once) in every sampled record wins, the highest count first. Without a consistent candidate, the one most
     * frequent in the header line wins; {@code ,} by default.
     */
    static char detectDelimiter(String text, boolean wholeText) {
        List<int[]> records = countPerRecord(text, wholeText);
        if (records.isEmpty()) {
            return ',';
        }
        char best = 0;
        int bestCount = 0;
        for (int d = 0; d < DELIMITERS.length; d++) {
            int first = records.get(0)[d];
            boolean consistent = first > 0;
            for (int r = 1; consistent && r < records.size(); r++) {
                consistent = records.get(r)[d] == first;
            }
            if (consistent && first > bestCount) {
                best = DELIMITERS[d];
                bestCount = first;
            }
        }
        if (best != 0) {
            return best;
        }
        int[] header = records.get(0);
        for (int d = 0; d < DELIMITERS.length; d++) {
            if (header[d] > bestCount) {
                best = DELIMITERS[d];
                bestCount = header[d];
            }
        }
        return best != 0 ? best : ',';
    }

    private static List<int[]> countPerRecord(String text, boolean wholeText) {
        List<int[]> records = new ArrayList<>();
        int[] counts = new int[DELIMITERS.length];
        boolean inQuotes = false;
        boolean recordHasContent = false;
        for (int i = 0; i < text.length() && records.size() < SAMPLE_RECORDS; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
                recordHasContent = true;
            } else if (!inQuotes && (c == '\n' || c == '\r')) {
                if (recordHasContent) {
                    records.add(counts);
                }
                counts = new int[DELIMITERS.length];
                recordHasContent = false;
            } else {
                recordHasContent = true;
                if (!inQuotes) {
                    for (int d = 0; d < DELIMITERS.length; d++) {
                        if (c == DELIMITERS[d]) {
                            counts[d]++;
                        }
                    }
                }
            }
        }
        // The last record is complete only when the sample is the whole file.
        if (recordHasContent && wholeText && records.size() < SAMPLE_RECORDS) {
            records.add(counts);
        }
        return records;
    }
}
