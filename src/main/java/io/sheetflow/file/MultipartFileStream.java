package io.sheetflow.file;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} parser reading the raw request body, so a file part's bytes go from the
 * socket to the caller's one spool file without the server's decoder buffering them on disk or in memory. Two
 * ways to read a body:
 * <ul>
 *   <li>{@link #filePart()}: one file field. The preamble and the other parts are skipped (at most
 *   {@link #MAX_OTHER_BYTES} of them in all, 413 above), and the file part's stream reports its end only after
 *   the rest of the body was read up to the closing boundary ({@code --boundary--}), so a body cut short anywhere
 *   fails the read with a 400 before the caller can take the file as complete. A missing file part is 422.</li>
 *   <li>{@link #nextPart()}: every part in order (the one-shot operation endpoints: files and text fields).
 *   It returns null only once the closing boundary was read, so a caller that reads to the null has a
 *   complete body; a body cut short is a 400.</li>
 * </ul>
 * Malformed bodies are 400 naming the problem; part headers are bounded by {@link #MAX_HEADER_BYTES}.
 */
public final class MultipartFileStream {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final long MAX_OTHER_BYTES = 1024 * 1024;
    static final int MAX_BOUNDARY_LENGTH = 200;
    private static final int MAX_EPILOGUE_BYTES = 64 * 1024;
    private static final int BUFFER_BYTES = 1 << 16;

    /** The part the caller asked for: its file name (as the client sent it), its Content-Type and its bytes. */
    public record FilePart(String filename, @Nullable String contentType, InputStream content) {
    }

    /**
     * A part read by {@link #nextPart()}: its field name, its file name (null for a plain form field), its
     * Content-Type and its bytes (valid until the next call).
     */
    public record Part(String name, @Nullable String filename, @Nullable String contentType, InputStream content) {
    }

    /** At most this many parts in a body read with {@link #nextPart()}. */
    static final int MAX_PARTS = 100;

    private final InputStream in;
    private final String field;
    @Nullable
    private final String alias;
    /** {@code CRLF--boundary}: every boundary line, the first one included (the buffer starts with a CRLF). */
    private final byte[] delimiter;
    private final int[] shift;
    private final byte[] buffer;
    private int pos;
    private int lim;
    private boolean eof;
    private long otherBytes;
    private boolean opened;
    private int parts;
    private boolean closingSeen;
    @Nullable
    private PartContent current;

    /** A parser for {@link #nextPart()}. */
    public MultipartFileStream(InputStream body, String boundary) {
        this(body, boundary, null);
    }

    /** A parser for {@link #filePart()} of {@code field}. */
    public MultipartFileStream(InputStream body, String boundary, @Nullable String field) {
        this(body, boundary, field, null);
    }

    /** A parser for {@link #filePart()} of {@code field}, or of {@code alias} (another client's name for it). */
    public MultipartFileStream(InputStream body, String boundary, @Nullable String field, @Nullable String alias) {
        this.in = body;
        this.field = field;
        this.alias = alias;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.shift = shiftTable(delimiter);
        this.buffer = new byte[Math.max(BUFFER_BYTES, delimiter.length * 4)];
        // A virtual CRLF before the body, so the first boundary line matches like the others.
        buffer[0] = '\r';
        buffer[1] = '\n';
        lim = 2;
    }

    /**
     * The boundary of a {@code multipart/form-data} Content-Type header (quoted or not); 400 when there is none
     * or it is not a valid boundary.
     */
    public static String boundary(@Nullable String contentType) {
        String boundary = contentType == null ? null : parameters(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw malformed("the Content-Type multipart/form-data has no boundary parameter");
        }
        if (boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw malformed("the boundary is longer than " + MAX_BOUNDARY_LENGTH + " characters");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw malformed("the boundary contains characters other than printable ASCII");
            }
        }
        return boundary;
    }

    /** Reads a file part's content: its file name as the client sent it, and its bytes. */
    @FunctionalInterface
    public interface FilePartReader<T> {
        T read(String filename, InputStream content) throws IOException;
    }

    /**
     * Hands the {@code field} file part of a multipart request body (its {@code Content-Type} header gives the
     * boundary) to {@code reader}, then closes the part and the body.
     */
    public static <T> T readFilePart(@Nullable String contentType, @Nullable InputStream body, String field,
                                     FilePartReader<T> reader) throws IOException {
        return readFilePart(contentType, body, field, null, reader);
    }

    /** As {@link #readFilePart(String, InputStream, String, FilePartReader)}, the part named {@code field} or {@code alias}. */
    public static <T> T readFilePart(@Nullable String contentType, @Nullable InputStream body, String field,
                                     @Nullable String alias, FilePartReader<T> reader) throws IOException {
        String boundary = boundary(contentType);
        try (InputStream raw = body == null ? InputStream.nullInputStream() : body) {
            FilePart file = new MultipartFileStream(raw, boundary, field, alias).filePart();
            try (InputStream content = file.content()) {
                return reader.read(file.filename(), content);
            }
        }
    }

    /**
     * Reads up to the part named by {@code field} and returns it, its content unread. 422 when the body has no
     * such part, 400 when that part is not a file (no filename) or the body is malformed.
     */
    public FilePart filePart() throws IOException {
        if (opened || field == null) {
            throw new IllegalStateException("filePart() may be called once, on a parser made for a field");
        }
        opened = true;
        if (!skipTo(true)) {
            throw malformed("no part starts with the boundary given in the Content-Type");
        }
        while (true) {
            if (afterBoundaryLine()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "ValidationError",
                        "No file provided: send it in the multipart field '" + field + "'"
                                + (alias == null ? "" : " (or '" + alias + "')"), Map.of("field", field));
            }
            Map<String, String> headers = headers(true);
            Map<String, String> disposition = disposition(headers);
            String name = disposition.get("name");
            if (field.equals(name) || alias != null && alias.equals(name)) {
                String filename = filename(disposition);
                if (filename == null) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, "BadRequest",
                            "Malformed multipart request: '" + name + "' must be a file part with a filename",
                            Map.of("field", name));
                }
                return new FilePart(filename, headers.get("content-type"), new PartContent(name, true));
            }
            if (!skipTo(true)) {
                throw truncated("the part '" + disposition.getOrDefault("name", "") + "'");
            }
        }
    }

    /**
     * The next part, its content unread (what the caller leaves unread of a part is skipped by the next call);
     * null once the closing boundary was read. 400 when the body is malformed or cut short, or has more than
     * {@link #MAX_PARTS} parts.
     */
    @Nullable
    public Part nextPart() throws IOException {
        if (field != null) {
            throw new IllegalStateException("nextPart() is for a parser made without a field");
        }
        if (closingSeen) {
            return null;
        }
        if (current == null) {
            if (!skipTo(false)) {
                throw malformed("no part starts with the boundary given in the Content-Type");
            }
        } else {
            current.skipRest();
        }
        if (afterBoundaryLine()) {
            closingSeen = true;
            current = null;
            skipEpilogue();
            return null;
        }
        if (++parts > MAX_PARTS) {
            throw malformed("more than " + MAX_PARTS + " parts");
        }
        Map<String, String> headers = headers(false);
        Map<String, String> disposition = disposition(headers);
        String name = disposition.get("name");
        if (name == null) {
            throw malformed("a part's Content-Disposition has no name");
        }
        current = new PartContent(name, false);
        return new Part(name, filename(disposition), headers.get("content-type"), current);
    }

    /**
     * A part's content. With {@code toClosingBoundary} (one file field) its end is reported once the whole body was
     * read to the closing boundary; otherwise at the part's own boundary line.
     */
    private final class PartContent extends InputStream {
        private final String name;
        private final boolean toClosingBoundary;
        /** Content may be handed out up to here (exclusive) without looking again. */
        private int contentEnd = pos;
        /** A boundary line starts at {@code contentEnd}. */
        private boolean boundaryAtEnd;
        private boolean ended;
        private boolean closed;

        PartContent(String name, boolean toClosingBoundary) {
            this.name = name;
            this.toClosingBoundary = toClosingBoundary;
        }

        /** Reads past whatever is left of this part, up to its boundary line. */
        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (readContent(sink, 0, sink.length) >= 0) {
                // skipped
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            return readContent(target, offset, length);
        }

        private int readContent(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!ended) {
                if (pos < contentEnd) {
                    int n = Math.min(contentEnd - pos, length);
                    System.arraycopy(buffer, pos, target, offset, n);
                    pos += n;
                    return n;
                }
                if (boundaryAtEnd) {
                    pos = contentEnd + delimiter.length;
                    if (toClosingBoundary) {
                        finishBody();
                    }
                    ended = true;
                    break;
                }
                int found = indexOfDelimiter(pos, lim);
                if (found >= 0) {
                    contentEnd = found;
                    boundaryAtEnd = true;
                    continue;
                }
                // The last bytes may be the start of a boundary line split across reads: keep them for now.
                contentEnd = Math.max(pos, lim - (delimiter.length - 1));
                if (contentEnd > pos) {
                    continue;
                }
                if (!fill()) {
                    throw truncated("the part '" + name + "'");
                }
                contentEnd = pos;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (toClosingBoundary) {
                in.close();
            }
        }
    }

    /** After the file part: skips the parts that follow, up to the closing boundary, then a bounded epilogue. */
    private void finishBody() throws IOException {
        while (!afterBoundaryLine()) {
            headers(true);
            if (!skipTo(true)) {
                throw truncated("the body");
            }
        }
        skipEpilogue();
    }

    /** The epilogue means nothing; reading a little of it lets the client finish sending before the answer. */
    private void skipEpilogue() throws IOException {
        for (int read = 0; read < MAX_EPILOGUE_BYTES; ) {
            int skipped = lim - pos;
            read += skipped;
            pos = lim;
            if (!fill()) {
                break;
            }
        }
    }

    /**
     * After {@code CRLF--boundary}: true for the closing {@code --}, false for a part whose headers follow
     * (transport padding and the line's CRLF are consumed).
     */
    private boolean afterBoundaryLine() throws IOException {
        int first = readByte();
        if (first == '-') {
            if (readByte() == '-') {
                return true;
            }
            throw malformed("a boundary line is followed by unexpected bytes");
        }
        int c = first;
        while (c == ' ' || c == '\t') {
            c = readByte();
        }
        if (c == '\r') {
            c = readByte();
        }
        if (c == '\n') {
            return false;
        }
        if (c < 0) {
            throw truncated("the body");
        }
        throw malformed("a boundary line is followed by unexpected bytes");
    }

    /** A part's header lines up to the empty line; names lower-cased; values decoded as UTF-8 (as browsers send them). */
    private Map<String, String> headers(boolean countAsOther) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int c = readByte();
            if (c < 0) {
                throw truncated("the headers of a part");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw malformed("the headers of a part exceed " + (MAX_HEADER_BYTES / 1024) + " KiB");
            }
            if (c != '\n') {
                line.write(c);
                continue;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            line.reset();
            if (length == 0) {
                break;
            }
            String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part has a header line without a name");
            }
            headers.putIfAbsent(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
        }
        if (countAsOther) {
            countOther(total);
        }
        return headers;
    }

    private static Map<String, String> disposition(Map<String, String> headers) {
        String value = headers.get("content-disposition");
        if (value == null) {
            throw malformed("a part has no Content-Disposition header");
        }
        Map<String, String> parameters = parameters(value);
        if (!"form-data".equalsIgnoreCase(parameters.get(""))) {
            throw malformed("a part's Content-Disposition is not form-data");
        }
        return parameters;
    }

    /** {@code filename*} (RFC 5987, UTF-8 or ISO-8859-1) wins over {@code filename}; null when neither is there. */
    private static String filename(Map<String, String> disposition) {
        String extended = disposition.get("filename*");
        if (extended != null) {
            String decoded = decodeExtended(extended);
            if (decoded != null) {
                return decoded;
            }
        }
        return disposition.get("filename");
    }

    static String decodeExtended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        Charset charset;
        String name = value.substring(0, first).strip();
        if (name.equalsIgnoreCase("UTF-8")) {
            charset = StandardCharsets.UTF_8;
        } else if (name.equalsIgnoreCase("ISO-8859-1")) {
            charset = StandardCharsets.ISO_8859_1;
        } else {
            return null;
        }
        try {
            return URLDecoder.decode(value.substring(second + 1).replace("+", "%2B"), charset);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A header value's parameters: {@code ""} maps to the leading value (the type, lower-cased), names are
     * lower-cased, quoted values unquoted ({@code \"} and {@code \\} unescaped, other backslashes kept: browsers
     * send Windows paths unescaped). The first of a repeated parameter wins.
     */
    static Map<String, String> parameters(String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int n = value.length();
        int semicolon = value.indexOf(';');
        parameters.put("", value.substring(0, semicolon < 0 ? n : semicolon).strip().toLowerCase(Locale.ROOT));
        int i = semicolon < 0 ? n : semicolon + 1;
        while (i < n) {
            int eq = i;
            while (eq < n && value.charAt(eq) != '=' && value.charAt(eq) != ';') {
                eq++;
            }
            if (eq >= n || value.charAt(eq) == ';') {
                i = eq + 1; // a parameter without a value
                continue;
            }
            String name = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            String parameterValue;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                for (i++; i < n && value.charAt(i) != '"'; i++) {
                    char c = value.charAt(i);
                    if (c == '\\' && i + 1 < n && (value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
                        c = value.charAt(++i);
                    }
                    quoted.append(c);
                }
                parameterValue = quoted.toString();
                int next = value.indexOf(';', Math.min(i, n));
                i = next < 0 ? n : next + 1;
            } else {
                int next = value.indexOf(';', i);
                parameterValue = value.substring(i, next < 0 ? n : next).strip();
                i = next < 0 ? n : next + 1;
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, parameterValue);
            }
        }
        return parameters;
    }

    /**
     * Skips to just after the next delimiter; false when the body ends first. Skipped bytes count against
     * {@link #MAX_OTHER_BYTES} when {@code countAsOther}.
     */
    private boolean skipTo(boolean countAsOther) throws IOException {
        byte[] pattern = delimiter;
        while (true) {
            int found = indexOfDelimiter(pos, lim);
            if (found >= 0) {
                if (countAsOther) {
                    countOther(found - pos);
                }
                pos = found + pattern.length;
                return true;
            }
            int keep = Math.min(lim - pos, pattern.length - 1);
            if (countAsOther) {
                countOther(lim - pos - keep);
            }
            pos = lim - keep;
            if (!fill()) {
                return false;
            }
        }
    }

    private void countOther(long bytes) {
        otherBytes += bytes;
        if (otherBytes > MAX_OTHER_BYTES) {
            throw ApiException.tooLarge("The form fields other than '" + field + "' exceed "
                    + (MAX_OTHER_BYTES / (1024 * 1024)) + " MB");
        }
    }

    private int readByte() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xff;
    }

    /** Reads more of the body into the buffer, keeping the unread bytes; false at the body's end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (true) {
            int n = in.read(buffer, lim, buffer.length - lim);
            if (n < 0) {
                eof = true;
                return false;
            }
            if (n > 0) {
                lim += n;
                return true;
            }
        }
    }

    /**
     * Where the delimiter starts in {@code buffer[from, to)}, or -1. Boyer-Moore-Horspool: a window whose last byte
     * is not in the delimiter moves on by the delimiter's whole length, so a file part is mostly not looked at byte
     * by byte (the naive scan was the upload thread's largest CPU cost: docs/transfers-and-startup.md).
     */
    private int indexOfDelimiter(int from, int to) {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        for (int i = from; i <= to - delimiter.length; i += shift[buffer[i + last] & 0xff]) {
            if (buffer[i + last] == lastByte && Arrays.equals(buffer, i, i + last, delimiter, 0, last)) {
                return i;
            }
        }
        return -1;
    }

    /** Horspool's shift table of {@code pattern}: how far a window may move given its last byte. */
    private static int[] shiftTable(byte[] pattern) {
        int[] shift = new int[256];
        Arrays.fill(shift, pattern.length);
        for (int k = 0; k < pattern.length - 1; k++) {
            shift[pattern[k] & 0xff] = pattern.length - 1 - k;
        }
        return shift;
    }

    private static ApiException malformed(String problem) {
        return ApiException.badRequest("Malformed multipart request: " + problem);
    }

    private static ApiException truncated(String where) {
        return ApiException.badRequest("Malformed multipart request: the body ended before the closing boundary of "
                + where + " (the upload was cut short); nothing was stored");
    }
}
