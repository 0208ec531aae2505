package io.sheetflow.file;

import io.sheetflow.api.ApiException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartFileStreamTest {
    private static final String B = "----sheetflowXyZ";

    /** A stream that returns the body in two reads split at {@code split}, then in reads of at most {@code step}. */
    private static final class SplitStream extends InputStream {
        private final byte[] data;
        private final int split;
        private final int step;
        private int pos;

        SplitStream(byte[] data, int split, int step) {
            this.data = data;
            this.split = split;
            this.step = step;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int end = pos < split ? split : data.length;
            int n = Math.min(Math.min(len, end - pos), step);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] filePart(String boundary, String disposition, byte[] content) {
        return concat(bytes("--" + boundary + "\r\nContent-Disposition: form-data; " + disposition
                + "\r\nContent-Type: text/csv\r\n\r\n"), content, bytes("\r\n"));
    }

    private static MultipartFileStream.FilePart parse(InputStream body, String boundary) throws IOException {
        return new MultipartFileStream(body, boundary, "file").filePart();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Test
    void boundarySplitAcrossReads_atEveryOffset_yieldsTheExactContent() throws IOException {
        byte[] content = bytes("id,name\r\n1,Ann\r\n\r\n--not-the-boundary\r\n-" + "\r\n--" + B.substring(0, 8) + "x\r\n2,Bob\r");
        byte[] body = concat(bytes("preamble, ignored\r\n"),
                bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"),
                filePart(B, "name=\"file\"; filename=\"a.csv\"", content),
                bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nx\r\n"),
                bytes("--" + B + "--\r\nepilogue, ignored"));
        for (int step : new int[]{1, 3, 7, 4096}) {
            for (int split = 0; split <= body.length; split++) {
                MultipartFileStream.FilePart part = parse(new SplitStream(body, split, step), B);
                assertEquals("a.csv", part.filename());
                assertEquals("text/csv", part.contentType());
                assertArrayEquals(content, readAll(part.content()), "split " + split + ", step " + step);
            }
        }
    }

    @Test
    void largeRandomContent_withManyCrlfsAndDashes_isKeptByteForByte() throws IOException {
        Random random = new Random(7);
        byte[] content = new byte[300_000];
        byte[] alphabet = bytes("\r\n-abc" + B.substring(0, B.length() - 1));
        for (int i = 0; i < content.length; i++) {
            content[i] = alphabet[random.nextInt(alphabet.length)];
        }
        byte[] body = concat(filePart(B, "name=\"file\"; filename=\"r.csv\"", content), bytes("--" + B + "--"));
        for (int step : new int[]{1000, 65536, 70001}) {
            assertArrayEquals(content, readAll(parse(new SplitStream(body, 12345, step), B).content()));
        }
        // A single byte at a time through read().
        InputStream one = parse(new ByteArrayInputStream(body), B).content();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c; (c = one.read()) >= 0; ) {
            out.write(c);
        }
        assertArrayEquals(content, out.toByteArray());
    }

    @Test
    void emptyFile_andNoPreamble_andNoTrailingCrlf() throws IOException {
        byte[] body = bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e.csv\"\r\n\r\n\r\n--" + B + "--");
        assertEquals(0, readAll(parse(new ByteArrayInputStream(body), B).content()).length);
    }

    @Test
    void missingClosingBoundary_failsAtTheEndOfTheContent_with400() throws IOException {
        byte[] body = bytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n1,2");
        InputStream content = parse(new ByteArrayInputStream(body), "xyz").content();
        ApiException e = assertThrows(ApiException.class, () -> readAll(content));
        assertEquals(400, e.status().getCode());
        assertEquals("Malformed multipart request: the body ended before the closing boundary of the part 'file' "
                + "(the upload was cut short); nothing was stored", e.getMessage());
    }

    @Test
    void bodyCutAfterTheFilePart_beforeTheFinalBoundary_isAlsoTruncated() throws IOException {
        byte[] cutInNextPart = concat(filePart("xyz", "name=\"file\"; filename=\"a.csv\"", bytes("a\n")),
                bytes("--xyz\r\nContent-Disposition: form-data; name=\"more\"\r\n\r\nhal"));
        ApiException e = assertThrows(ApiException.class,
                () -> readAll(parse(new ByteArrayInputStream(cutInNextPart), "xyz").content()));
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        byte[] cutAfterBoundary = concat(filePart("xyz", "name=\"file\"; filename=\"a.csv\"", bytes("a\n")), bytes("--xyz"));
        assertThrows(ApiException.class, () -> readAll(parse(new ByteArrayInputStream(cutAfterBoundary), "xyz").content()));
    }

    @Test
    void boundaryFromTheContentType_quotedOrNot() {
        assertEquals("abc", MultipartFileStream.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b:c", MultipartFileStream.boundary("multipart/form-data; charset=utf-8; boundary=\"a b:c\""));
        assertEquals("abc", MultipartFileStream.boundary("Multipart/Form-Data;BOUNDARY=abc ; x=y"));
        ApiException none = assertThrows(ApiException.class, () -> MultipartFileStream.boundary("multipart/form-data"));
        assertEquals(400, none.status().getCode());
        assertTrue(none.getMessage().contains("no boundary"), none.getMessage());
        assertThrows(ApiException.class, () -> MultipartFileStream.boundary("multipart/form-data; boundary=\"\""));
        assertThrows(ApiException.class, () -> MultipartFileStream.boundary(null));
    }

    @Test
    void quotedBoundary_withSpaces_parses() throws IOException {
        String boundary = "a b:c";
        byte[] body = concat(filePart(boundary, "name=\"file\"; filename=\"q.csv\"", bytes("x\n")), bytes("--" + boundary + "--\r\n"));
        assertArrayEquals(bytes("x\n"), readAll(parse(new ByteArrayInputStream(body),
                MultipartFileStream.boundary("multipart/form-data; boundary=\"a b:c\"")).content()));
    }

    @Test
    void filenames_withQuotes_semicolons_unicode_andRfc5987() throws IOException {
        assertEquals("a \"quoted\"; name.csv", name("name=\"file\"; filename=\"a \\\"quoted\\\"; name.csv\""));
        assertEquals("数据 résumé.csv", name("name=\"file\"; filename=\"数据 résumé.csv\""));
        assertEquals("C:\\Users\\ann\\a.csv", name("name=\"file\"; filename=\"C:\\Users\\ann\\a.csv\""));
        assertEquals("€ rates.csv", name("name=\"file\"; filename=\"_ rates.csv\"; filename*=UTF-8''%E2%82%AC%20rates.csv"));
        assertEquals("plain.csv", name("filename=plain.csv; name=file"));
        assertEquals("fallback.csv", name("name=\"file\"; filename*=KOI8-R''x.csv; filename=\"fallback.csv\""));
    }

    private static String name(String disposition) throws IOException {
        byte[] body = concat(filePart(B, disposition, bytes("x")), bytes("--" + B + "--"));
        return parse(new ByteArrayInputStream(body), B).filename();
    }

    @Test
    void noFilePart_is422_namingTheField() {
        byte[] body = concat(filePart(B, "name=\"document\"; filename=\"a.csv\"", bytes("a")), bytes("--" + B + "--\r\n"));
        ApiException e = assertThrows(ApiException.class, () -> parse(new ByteArrayInputStream(body), B));
        assertEquals(422, e.status().getCode());
        assertEquals("No file provided: send it in the multipart field 'file'", e.getMessage());
    }

    @Test
    void fileFieldWithoutFilename_is400() {
        byte[] body = bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end");
        ApiException e = assertThrows(ApiException.class, () -> parse(new ByteArrayInputStream(body), B));
        assertEquals(400, e.status().getCode());
        assertEquals("Malformed multipart request: 'file' must be a file part with a filename", e.getMessage());
    }

    @Test
    void malformedBodies_are400() {
        for (String body : new String[]{
                "",
                "no boundary anywhere",
                "--" + B + "garbage\r\n",
                "--" + B + "\r\nno colon here\r\n\r\nx\r\n--" + B + "--",
                "--" + B + "\r\nContent-Type: text/csv\r\n\r\nx\r\n--" + B + "--",
                "--" + B + "\r\nContent-Disposition: attachment; name=\"file\"; filename=\"a.csv\"\r\n\r\nx\r\n--" + B + "--",
                "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n",
        }) {
            ApiException e = assertThrows(ApiException.class, () -> parse(new ByteArrayInputStream(bytes(body)), B), body);
            assertEquals(400, e.status().getCode(), body);
            assertTrue(e.getMessage().startsWith("Malformed multipart request: "), e.getMessage());
        }
    }

    @Test
    void oversizedHeaders_are400_andOversizedOtherFields_are413() {
        byte[] headers = bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nX-Pad: "
                + "p".repeat(MultipartFileStream.MAX_HEADER_BYTES) + "\r\n\r\nx\r\n--" + B + "--");
        ApiException big = assertThrows(ApiException.class, () -> parse(new ByteArrayInputStream(headers), B));
        assertEquals(400, big.status().getCode());
        assertTrue(big.getMessage().contains("headers"), big.getMessage());

        byte[] field = concat(bytes("--" + B + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"),
                new byte[(int) MultipartFileStream.MAX_OTHER_BYTES + 1], bytes("\r\n"),
                filePart(B, "name=\"file\"; filename=\"a.csv\"", bytes("x")), bytes("--" + B + "--"));
        ApiException other = assertThrows(ApiException.class, () -> parse(new ByteArrayInputStream(field), B));
        assertEquals(413, other.status().getCode());
    }


    // ---- nextPart(): every part in order (the one-shot operation endpoints) ------------------------------------

    private static byte[] fieldPart(String boundary, String name, String value) {
        return bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    @Test
    void nextPart_yieldsFilesAndFieldsInOrder_atEverySplit() throws IOException {
        byte[] source = bytes("id,email\r\n1,a@x\r\n--" + B.substring(0, 5) + "\r\n");
        byte[] target = bytes("id\n1\n");
        byte[] body = concat(bytes("preamble\r\n"), filePart(B, "name=\"source_file\"; filename=\"s.csv\"", source),
                fieldPart(B, "columns", "[\"email\"]"), filePart(B, "name=\"bind_file\"; filename=\"b.csv\"", target),
                bytes("--" + B + "--\r\nepilogue"));
        for (int step : new int[]{1, 5, 4096}) {
            for (int split = 0; split <= body.length; split += 3) {
                MultipartFileStream parts = new MultipartFileStream(new SplitStream(body, split, step), B);
                MultipartFileStream.Part first = parts.nextPart();
                assertEquals("source_file", first.name());
                assertEquals("s.csv", first.filename());
                assertArrayEquals(source, readAll(first.content()), "split " + split + ", step " + step);
                MultipartFileStream.Part field = parts.nextPart();
                assertEquals("columns", field.name());
                assertEquals(null, field.filename());
                assertEquals("[\"email\"]", new String(readAll(field.content()), StandardCharsets.UTF_8));
                MultipartFileStream.Part third = parts.nextPart();
                assertEquals("bind_file", third.name());
                assertArrayEquals(target, readAll(third.content()));
                assertEquals(null, parts.nextPart());
                assertEquals(null, parts.nextPart(), "stays at the end");
            }
        }
    }

    @Test
    void nextPart_skipsWhatTheCallerLeftUnreadOfAPart() throws IOException {
        byte[] body = concat(filePart(B, "name=\"a\"; filename=\"a.csv\"", bytes("x".repeat(200_000))),
                fieldPart(B, "b", "kept"), bytes("--" + B + "--"));
        MultipartFileStream parts = new MultipartFileStream(new ByteArrayInputStream(body), B);
        MultipartFileStream.Part first = parts.nextPart();
        assertEquals('x', first.content().read());
        first.content().close();
        MultipartFileStream.Part second = parts.nextPart();
        assertEquals("b", second.name());
        assertEquals("kept", new String(readAll(second.content()), StandardCharsets.UTF_8));
        assertEquals(null, parts.nextPart());
    }

    @Test
    void nextPart_bodyWithoutTheClosingBoundary_is400_evenAfterTheLastPartWasRead() throws IOException {
        byte[] cutInPart = bytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n1,2");
        MultipartFileStream one = new MultipartFileStream(new ByteArrayInputStream(cutInPart), "xyz");
        InputStream content = one.nextPart().content();
        ApiException inPart = assertThrows(ApiException.class, () -> readAll(content));
        assertEquals(400, inPart.status().getCode());
        assertTrue(inPart.getMessage().contains("the part 'file'"), inPart.getMessage());

        byte[] cutAfterPart = concat(filePart("xyz", "name=\"file\"; filename=\"a.csv\"", bytes("a\n")), bytes("--xyz"));
        MultipartFileStream two = new MultipartFileStream(new ByteArrayInputStream(cutAfterPart), "xyz");
        assertArrayEquals(bytes("a\n"), readAll(two.nextPart().content()));
        ApiException atEnd = assertThrows(ApiException.class, two::nextPart);
        assertTrue(atEnd.getMessage().contains("cut short"), atEnd.getMessage());
    }

    @Test
    void nextPart_refusesMoreThanTheMaximumNumberOfParts() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i <= MultipartFileStream.MAX_PARTS; i++) {
            body.writeBytes(fieldPart(B, "f" + i, "v"));
        }
        body.writeBytes(bytes("--" + B + "--"));
        MultipartFileStream parts = new MultipartFileStream(new ByteArrayInputStream(body.toByteArray()), B);
        for (int i = 0; i < MultipartFileStream.MAX_PARTS; i++) {
            parts.nextPart();
        }
        ApiException e = assertThrows(ApiException.class, parts::nextPart);
        assertEquals(400, e.status().getCode());
        assertTrue(e.getMessage().contains("more than " + MultipartFileStream.MAX_PARTS + " parts"), e.getMessage());
    }

    @Test
    void nextPart_partWithoutAName_is400() {
        byte[] body = bytes("--" + B + "\r\nContent-Disposition: form-data; filename=\"a.csv\"\r\n\r\nx\r\n--" + B + "--");
        ApiException e = assertThrows(ApiException.class,
                () -> new MultipartFileStream(new ByteArrayInputStream(body), B).nextPart());
        assertEquals(400, e.status().getCode());
        assertTrue(e.getMessage().contains("no name"), e.getMessage());
    }
}
