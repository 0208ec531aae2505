package io.sheetflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's "Try it with curl" section, step by step, against the real server. */
@MicronautTest
class ReadmeWalkthroughTest extends ServerTest {

    @Test
    void readmeSteps_createUploadRunWatchDownload() throws Exception {
        Answer created = api().post("/api/v1/chat/workflows", null);
        String chat = created.data().get("chat_id").asText();

        byte[] people = ("id,name,email,signup_date\n1,Ann,ann@Example.com,2024-01-15\n2,Bob,bob@example.com,2024-02-01\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, api().upload(chat, "people.csv", people).status());

        try (TestSocket socket = socket("/chat/" + chat + "?since=0")) {
            socket.awaitType("connected");
            Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute", """
                    {"steps": [
                      {"operation": "csv/convert-to-excel"},
                      {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["email", "id"]}}
                    ]}""");
            assertEquals(202, accepted.status());
            socket.awaitType("workflow_completed");
        }
        JsonNode runs = api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("runs");
        assertEquals("completed", runs.get(0).get("status").asText());
        JsonNode events = api().get("/api/v1/chat/workflows/" + chat + "/events?since=0").data().get("events");
        assertEquals("workflow_completed", events.get(events.size() - 1).get("type").asText());

        var download = api().download("/api/v1/chat/workflows/" + chat + "/files/people_converted_extracted.xlsx");
        assertEquals(200, download.statusCode());
        assertEquals("attachment; filename=\"people_converted_extracted.xlsx\"; filename*=UTF-8''people_converted_extracted.xlsx",
                download.headers().firstValue("Content-Disposition").orElseThrow());
        Path file = Files.write(dataDir.resolve("readme.xlsx"), download.body());
        try (TableReader reader = TableReaders.open(file, SheetFormat.XLSX, new ReadOptions(null, null))) {
            assertEquals(List.of("email", "id"), reader.header());
            assertArrayEquals(new Object[]{"ann@Example.com", 1L}, reader.nextRow());
            assertArrayEquals(new Object[]{"bob@example.com", 2L}, reader.nextRow());
        }
    }
}
