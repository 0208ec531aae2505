package io.sheetflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile files and names, sent over HTTP: clear failures, nothing written outside the data dir, no leaks. */
@MicronautTest
class HostileInputTest extends ServerTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.limits.uploads-per-minute", "1000", "sheetflow.limits.runs-per-minute", "1000");
    }

    private JsonNode runOn(String chat, String fileName, Path file, String operation) {
        Answer upload = api().upload(chat, fileName, file);
        assertEquals(200, upload.status(), upload.body().toString());
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"" + operation + "\"}],\"input_file\":\"" + upload.data().get("file_id").asText() + "\"}");
        assertEquals(200, run.status(), run.body().toString());
        return run.data();
    }

    private static void assertNoLeak(String message) {
        for (String leak : List.of("/tmp", "/work", "Exception", "\tat ", "java.", "org.apache", "SELECT ", "INSERT ")) {
            assertFalse(message.contains(leak), "'" + leak + "' leaked in: " + message);
        }
    }

    @Test
    void zipBombWorkbook_failsTheRunClearly_andTheServerStaysHealthy() throws IOException {
        String chat = api().createChat();
        Path bomb = TestFiles.zipBombXlsx(Files.createTempDirectory("bomb"), 400L * 1024 * 1024);
        assertTrue(Files.size(bomb) < 5 * 1024 * 1024);
        JsonNode run = runOn(chat, "bomb.xlsx", bomb, "excel/info");
        assertEquals("failed", run.get("status").asText());
        assertTrue(run.get("error").asText().contains("zip bomb"), run.get("error").asText());
        assertNoLeak(run.get("error").asText());
        assertEquals(200, api().get("/api/v1/health/ready").status());
    }

    @Test
    void externalEntitiesInAWorkbook_areNeverResolved() throws IOException {
        String chat = api().createChat();
        Path secret = Files.writeString(dataDir.resolve("outside-secret.txt"), "TOP-SECRET-CONTENT");
        Path xxe = xlsxWithEntity(Files.createTempDirectory("xxe"), secret);
        JsonNode run = runOn(chat, "xxe.xlsx", xxe, "excel/info");
        String everything = run.toString();
        assertFalse(everything.contains("TOP-SECRET-CONTENT"), everything);
        if (run.get("status").asText().equals("failed")) {
            assertNoLeak(run.get("error").asText());
        }
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void encryptedAndCorruptWorkbooks_failWithClearMessages() throws Exception {
        String chat = api().createChat();
        JsonNode encrypted = runOn(chat, "locked.xlsx", TestFiles.passwordProtectedXlsx(Files.createTempDirectory("enc")),
                "excel/info");
        assertEquals("The workbook is password-protected", encrypted.get("steps").get(0).get("error").asText());
        Path corrupt = Files.createTempFile("corrupt", ".xlsx");
        Files.write(corrupt, TestFiles.concat(new byte[]{0x50, 0x4B, 0x03, 0x04}, "garbage".repeat(100).getBytes()));
        JsonNode broken = runOn(chat, "broken.xlsx", corrupt, "excel/info");
        assertEquals("failed", broken.get("status").asText());
        assertNoLeak(broken.get("error").asText());
    }

    @Test
    void traversalAndUnicodeTricksInNames_stayInsideTheDataDirectory() throws IOException {
        Path parent = dataDir.getParent();
        String chat = api().createChat();
        for (String name : List.of("../../../evil.csv", "..\\\\..\\\\evil2.csv", "/etc/passwd.csv", "a\u0000b.csv",
                "\u202egnp.csv", "CON.csv", "....csv", ".hidden.csv")) {
            Answer answer = api().upload(chat, name, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(answer.status() == 200 || answer.status() == 422 || answer.status() == 415, name + " -> " + answer.status());
            if (answer.status() == 200) {
                String stored = answer.data().get("filename").asText();
                assertFalse(stored.contains("/") || stored.contains("\\\\") || stored.contains("..") || stored.contains("\u202e")
                        || stored.contains("\u0000"), stored);
            }
        }
        JsonNode run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/convert-to-excel\"}]}").data();
        assertEquals("completed", run.get("status").asText());
        // The parent is the shared temp directory (other builds write there too): look for our names only.
        try (var list = Files.list(parent)) {
            assertTrue(list.map(p -> p.getFileName().toString()).noneMatch(n -> n.contains("evil")
                    || n.contains("passwd") || n.contains("gnp") || n.startsWith("CON")), "nothing next to the data directory");
        }
        assertFalse(Files.exists(Path.of("/etc/passwd.csv")));
        try (var walk = Files.walk(dataDir)) {
            assertTrue(walk.noneMatch(p -> p.getFileName().toString().contains("evil")), "names are never paths");
        }
    }

    @Test
    void sqlFromHostileIdentifiersAndValues_isQuotedAndEscapedPerDialect() {
        String chat = api().createChat();
        api().upload(chat, "people.csv", "name,age\nO'Brien\\,42\n".getBytes(StandardCharsets.UTF_8));
        String table = "t\\\"; DROP TABLE users; --";
        Map<String, String> expected = Map.of(
                "postgresql", "INSERT INTO \"t\"\"; DROP TABLE users; --\" (\"na`me\"\"\", \"age\") VALUES ('O''Brien\\', 42);",
                "mysql", "INSERT INTO `t\"; DROP TABLE users; --` (`na``me\"`, `age`) VALUES ('O''Brien\\\\', 42);");
        for (String dialect : List.of("postgresql", "mysql")) {
            Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                    "{\"steps\":[{\"operation\":\"sql/generate\",\"arguments\":{\"table_name\":\"" + table
                            + "\",\"database_type\":\"" + dialect + "\",\"column_mapping\":{\"na`me\\\"\":\"name\",\"age\":\"age\"}}}],"
                            + "\"input_file\":\"people.csv\"}");
            assertEquals("completed", run.data().get("status").asText(), run.body().toString());
            String url = run.data().get("steps").get(0).get("output_files").get(0).get("download_url").asText();
            String sql = new String(api().download(url).body(), StandardCharsets.UTF_8);
            String insert = sql.lines().filter(l -> l.startsWith("INSERT")).findFirst().orElseThrow();
            assertEquals(expected.get(dialect), insert, dialect);
        }
    }

    @Test
    void errorsCarryTheRequestId_andNoInternals() {
        Answer notFound = api().get("/api/v1/chat/workflows/00000000-0000-4000-8000-000000000000");
        assertEquals(notFound.body().get("meta").get("request_id").asText(),
                notFound.raw().headers().firstValue("X-Request-Id").orElseThrow());
        Answer badJson = api().post("/api/v1/chat/workflows/" + api().createChat() + "/execute", "{\"steps\": [1, 2");
        assertEquals(400, badJson.status());
        assertNoLeak(badJson.message());
        Answer wrongType = api().post("/api/v1/chat/workflows/" + api().createChat() + "/execute", "{\"steps\": [1, 2]}");
        assertEquals(400, wrongType.status());
        assertEquals("Invalid JSON body at 'steps[0]': a value has the wrong type", wrongType.message());
    }

    /** A workbook whose sheet XML declares an external entity pointing at a local file, and uses it. */
    private static Path xlsxWithEntity(Path dir, Path secret) throws IOException {
        return TestFiles.minimalXlsx(dir.resolve("xxe.xlsx"),
                "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>",
                zip -> zip.write(("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>header</t></is></c></row>"
                        + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
