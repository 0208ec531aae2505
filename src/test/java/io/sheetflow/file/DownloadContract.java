package io.sheetflow.file;

import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ApiClient.Part;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads over real HTTP: full, conditional and ranged, by id, by name and of stateless outputs. One subclass
 * per object store.
 */
abstract class DownloadContract extends ServerTest {
    private static final int SIZE = 300_000;
    private byte[] content;
    private String chat;
    private String byId;

    @BeforeAll
    void uploadAFile() {
        chat = api().createChat();
        content = FileUploadTest.csvOfSize(SIZE, 13);
        Answer uploaded = api().upload(chat, "ranges.csv", content);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        byId = uploaded.data().get("download_url").asText();
    }

    private String etag() {
        return "\"" + FileUploadTest.sha256(content) + "\"";
    }

    private HttpResponse<byte[]> range(String url, String range) {
        return api().download(url, "Range", range);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private void assertPartial(HttpResponse<byte[]> response, int first, int last) {
        assertEquals(206, response.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, first, last + 1), response.body());
        assertEquals("bytes " + first + "-" + last + "/" + content.length, header(response, "Content-Range"));
        assertEquals(String.valueOf(last - first + 1), header(response, "Content-Length"));
        assertEquals(etag(), header(response, "ETag"));
    }

    @Test
    void fullDownload_sendsLengthEtagLastModifiedAndAcceptRanges() {
        HttpResponse<byte[]> response = api().download(byId);
        assertEquals(200, response.statusCode());
        assertArrayEquals(content, response.body());
        assertEquals(String.valueOf(content.length), header(response, "Content-Length"));
        assertEquals(etag(), header(response, "ETag"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertTrue(header(response, "Last-Modified").endsWith(" GMT"), header(response, "Last-Modified"));
        assertEquals("attachment; filename=\"ranges.csv\"; filename*=UTF-8''ranges.csv",
                header(response, "Content-Disposition"));
    }

    @Test
    void firstMiddleLastAndOpenRanges_answer206WithExactlyThoseBytes() {
        assertPartial(range(byId, "bytes=0-0"), 0, 0);
        assertPartial(range(byId, "bytes=0-1023"), 0, 1023);
        assertPartial(range(byId, "bytes=1000-199999"), 1000, 199_999);
        assertPartial(range(byId, "bytes=" + (SIZE - 10) + "-" + (SIZE - 1)), SIZE - 10, SIZE - 1);
        assertPartial(range(byId, "bytes=250000-"), 250_000, SIZE - 1);
        assertPartial(range(byId, "bytes=299990-999999"), 299_990, SIZE - 1);
    }

    @Test
    void suffixRange_answersTheLastBytes() {
        assertPartial(range(byId, "bytes=-500"), SIZE - 500, SIZE - 1);
        assertPartial(range(byId, "bytes=-" + (SIZE * 2)), 0, SIZE - 1);
    }

    @Test
    void rangeByName_isServedLikeById() {
        assertPartial(range("/api/v1/chat/workflows/" + chat + "/files/ranges.csv", "bytes=10-19"), 10, 19);
    }

    @Test
    void unsatisfiableRange_answers416WithTheSize() {
        for (String r : new String[]{"bytes=" + SIZE + "-", "bytes=999999-1000000", "bytes=-0"}) {
            HttpResponse<byte[]> response = range(byId, r);
            assertEquals(416, response.statusCode(), r);
            assertEquals("bytes */" + SIZE, header(response, "Content-Range"), r);
        }
    }

    @Test
    void multipleOrMalformedRanges_answerTheWholeFile() {
        for (String r : new String[]{"bytes=0-1,5-6", "bytes=5-2", "items=0-1", "bytes=abc"}) {
            HttpResponse<byte[]> response = range(byId, r);
            assertEquals(200, response.statusCode(), r);
            assertArrayEquals(content, response.body(), r);
        }
    }

    @Test
    void ifRange_withAnotherEtag_answersTheWholeFile_andWithTheEtag_theRange() {
        HttpResponse<byte[]> stale = api().download(byId, "Range", "bytes=0-9", "If-Range", "\"not-this-one\"");
        assertEquals(200, stale.statusCode());
        assertArrayEquals(content, stale.body());
        assertPartial(api().download(byId, "Range", "bytes=0-9", "If-Range", etag()), 0, 9);
    }

    @Test
    void ifNoneMatch_withTheEtag_answers304WithoutBody() {
        HttpResponse<byte[]> response = api().download(byId, "If-None-Match", etag());
        assertEquals(304, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals(etag(), header(response, "ETag"));
        assertEquals(200, api().download(byId, "If-None-Match", "\"other\"").statusCode());
    }

    @Test
    void ifModifiedSince_answers304WhenNotModified_and200WhenModifiedSince() {
        String lastModified = header(api().download(byId), "Last-Modified");
        HttpResponse<byte[]> same = api().download(byId, "If-Modified-Since", lastModified);
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        HttpResponse<byte[]> older = api().download(byId, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT");
        assertEquals(200, older.statusCode());
        assertArrayEquals(content, older.body());
    }

    @Test
    void statelessOutputDownload_supportsRangesAndEtag() {
        byte[] csv = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);
        Answer answer = api().postForm("/api/v1/excel/extract-columns-to-file", Part.file("file", "p.csv", csv),
                Part.field("columns", "[\"name\"]"), Part.field("remove_duplicates", "false"));
        assertEquals(200, answer.status(), answer.body().toString());
        String url = answer.data().get("download_url").asText();
        HttpResponse<byte[]> full = api().download(url);
        assertEquals(200, full.statusCode());
        byte[] bytes = full.body();
        String tag = header(full, "ETag");
        assertEquals("\"" + FileUploadTest.sha256(bytes) + "\"", tag);
        assertEquals(String.valueOf(bytes.length), header(full, "Content-Length"));

        HttpResponse<byte[]> part = api().download(url, "Range", "bytes=-20");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(bytes, bytes.length - 20, bytes.length), part.body());
        assertEquals(304, api().download(url, "If-None-Match", tag).statusCode());
        assertEquals(416, api().download(url, "Range", "bytes=" + bytes.length + "-").statusCode());
    }

    @Test
    void head_answersLengthAndValidatorsWithoutBody() {
        HttpResponse<byte[]> full = api().send(HttpRequest.newBuilder(URI.create(byId(true)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).raw();
        assertEquals(200, full.statusCode());
        assertEquals(0, full.body().length);
        assertEquals(String.valueOf(SIZE), header(full, "Content-Length"));
        assertEquals(etag(), header(full, "ETag"));
        HttpResponse<byte[]> ranged = api().send(HttpRequest.newBuilder(URI.create(byId(true)))
                .header("Range", "bytes=-100").method("HEAD", HttpRequest.BodyPublishers.noBody())).raw();
        assertEquals(206, ranged.statusCode());
        assertEquals("100", header(ranged, "Content-Length"));
        assertEquals("bytes " + (SIZE - 100) + "-" + (SIZE - 1) + "/" + SIZE, header(ranged, "Content-Range"));
    }

    @Test
    void downloads_carryNoInternalHeader() {
        HttpResponse<byte[]> response = api().download(byId);
        assertFalse(response.headers().map().keySet().stream()
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-sheetflow")), response.headers().toString());
    }

    /** HTTP/1.1 pipelining: three requests written at once on one connection get their answers in order. */
    @Test
    void pipelinedDownloadsOnOneConnection_answerInOrderWithTheirBytes() throws IOException {
        URI url = URI.create(byId(true));
        String path = url.getRawPath();
        String common = "Host: " + url.getHost() + ":" + url.getPort() + "\r\nAuthorization: Bearer "
                + api().token() + "\r\n";
        String requests = "GET " + path + " HTTP/1.1\r\n" + common + "Range: bytes=100-199\r\n\r\n"
                + "GET " + path + " HTTP/1.1\r\n" + common + "\r\n"
                + "GET " + path + " HTTP/1.1\r\n" + common + "If-None-Match: " + etag() + "\r\n\r\n";
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            RawResponse partial = RawResponse.read(in);
            assertEquals(206, partial.status());
            assertArrayEquals(Arrays.copyOfRange(content, 100, 200), partial.body());
            RawResponse full = RawResponse.read(in);
            assertEquals(200, full.status());
            assertArrayEquals(content, full.body());
            RawResponse notModified = RawResponse.read(in);
            assertEquals(304, notModified.status());
            assertEquals(0, notModified.body().length);
        }
    }

    private String byId(boolean absolute) {
        return absolute && !byId.startsWith("http") ? api().base().resolve(byId).toString() : byId;
    }

    /** A response read off a socket: status line, headers, then exactly Content-Length bytes. */
    private record RawResponse(int status, Map<String, String> headers, byte[] body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            int length = status == 304 ? 0 : Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
            return new RawResponse(status, headers, in.readNBytes(length));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
