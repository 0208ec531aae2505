package io.sheetflow.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.TestFiles;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST .../files/id/{file_id}/clusters} and the {@code normalization/cluster} step: near-duplicate values
 * found, and the accepted clusters merged by an ordinary {@code normalization/apply} step.
 */
@MicronautTest(transactional = false)
class ClusterApiTest extends ServerTest {

    private static final String COUNTRIES = "id,country\n1,USA\n2,usa\n3,U.S.A.\n4,U S A\n5,USA\n6,France\n"
            + "7,france\n8,usa\n9,Germany\n10,USA\n";
    private static final Set<String> USA = Set.of("USA", "usa", "U.S.A.", "U S A");

    private static String clusters(String chat, String fileId) {
        return "/api/v1/chat/workflows/" + chat + "/files/id/" + fileId + "/clusters";
    }

    private String upload(String chat, String name, byte[] content) {
        Answer uploaded = api().upload(chat, name, content);
        assertEquals(200, uploaded.status(), uploaded.body().toString());
        return uploaded.data().get("file_id").asText();
    }

    private static Set<String> values(JsonNode cluster) {
        Set<String> values = new HashSet<>();
        cluster.get("values").forEach(v -> values.add(v.get("value").asText()));
        return values;
    }

    @Test
    void everyMethod_findsTheSpellingsOfUsaAsOneCluster() {
        String chat = api().createChat();
        String fileId = upload(chat, "countries.csv", COUNTRIES.getBytes(StandardCharsets.UTF_8));

        for (String method : List.of("fingerprint", "ngram", "metaphone", "levenshtein")) {
            Answer answer = api().post(clusters(chat, fileId), "{\"column\":\"country\",\"method\":\"" + method + "\"}");
            assertEquals(200, answer.status(), method + " " + answer.body());
            JsonNode data = answer.data();
            assertEquals(7, data.get("distinct_values").asInt(), method);
            JsonNode first = data.get("clusters").get(0);
            assertEquals(USA, values(first), method);
            assertEquals("USA", first.get("canonical").asText(), method + ": the most frequent spelling");
            assertEquals(4, first.get("size").asInt(), method);
            assertEquals(7, first.get("rows").asLong(), method);
            assertEquals(3, first.get("values").get(0).get("count").asLong(), method);
            JsonNode second = data.get("clusters").get(1);
            assertEquals(Set.of("France", "france"), values(second), method);
            assertEquals(2, data.get("clusters").size(), method + ": Germany stands alone");
        }
    }

    @Test
    void acceptedClusters_becomeANormalizationApplyStep_thatMergesTheValues() {
        String chat = api().createChat();
        String fileId = upload(chat, "countries.csv", COUNTRIES.getBytes(StandardCharsets.UTF_8));
        JsonNode found = api().post(clusters(chat, fileId), "{\"column\":\"country\"}").data();

        // Accept the first cluster with its canonical value renamed, as the review UI does; leave France out.
        ObjectNode step = (ObjectNode) found.get("apply_step").deepCopy();
        ObjectNode mapping = (ObjectNode) step.at("/arguments/normalizations/0/parameters/mapping");
        assertEquals("normalization/apply", step.get("operation").asText());
        assertEquals("categorical_mapping", step.at("/arguments/normalizations/0/normalization_type").asText());
        assertEquals("USA", mapping.get("usa").asText());
        mapping.removeAll();
        for (JsonNode value : found.get("clusters").get(0).get("values")) {
            mapping.put(value.get("value").asText(), "United States");
        }

        String steps = "{\"steps\":[{\"operation\":\"normalization/cluster\",\"arguments\":{\"column\":\"country\"}},"
                + step + "]}";
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", steps);
        assertEquals(200, run.status(), run.body().toString());
        assertEquals("completed", run.data().get("status").asText(), run.body().toString());
        JsonNode clusterStep = run.data().get("steps").get(0);
        assertEquals(USA, values(clusterStep.get("result").get("clusters").get(0)), clusterStep.toString());
        String outputId = run.data().get("steps").get(1).get("output_files").get(0).get("file_id").asText();

        JsonNode rows = api().get("/api/v1/chat/workflows/" + chat + "/files/id/" + outputId + "/rows?limit=100")
                .data().get("rows");
        List<String> countries = new ArrayList<>();
        rows.forEach(r -> countries.add(r.get(1).asText()));
        assertEquals(List.of("United States", "United States", "United States", "United States", "United States",
                "France", "france", "United States", "Germany", "United States"), countries);
    }

    @Test
    void unknownColumnMethodSheetOrFile_areRefusedByName() throws Exception {
        String chat = api().createChat();
        String fileId = upload(chat, "countries.csv", COUNTRIES.getBytes(StandardCharsets.UTF_8));

        Answer column = api().post(clusters(chat, fileId), "{\"column\":\"nation\"}");
        assertEquals(422, column.status(), column.body().toString());
        assertTrue(column.message().contains("'nation'"), column.message());

        Answer method = api().post(clusters(chat, fileId), "{\"column\":\"country\",\"method\":\"soundex\"}");
        assertEquals(422, method.status(), method.body().toString());
        assertTrue(method.message().contains("'soundex'"), method.message());
        assertEquals("method", method.body().at("/data/details/field").asText(), method.body().toString());

        Answer size = api().post(clusters(chat, fileId), "{\"column\":\"country\",\"min_cluster_size\":1}");
        assertEquals(422, size.status(), size.body().toString());

        Answer file = api().post(clusters(chat, UUID.randomUUID().toString()), "{\"column\":\"country\"}");
        assertEquals(404, file.status());
        assertEquals("File not found", file.message());

        String workbook = upload(chat, "typed.xlsx", Files.readAllBytes(TestFiles.typedWorkbook(dataDir)));
        Answer sheet = api().post(clusters(chat, workbook), "{\"column\":\"a\",\"sheet_name\":\"Nope\"}");
        assertEquals(422, sheet.status(), sheet.body().toString());
        assertTrue(sheet.message().contains("'Nope'"), sheet.message());
        Answer onSecond = api().post(clusters(chat, workbook), "{\"column\":\"b\",\"sheet_name\":\"Second\"}");
        assertEquals(200, onSecond.status(), onSecond.body().toString());

        Answer step = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"normalization/cluster\",\"arguments\":{\"column\":\"country\","
                        + "\"method\":\"soundex\"}}]}");
        assertEquals(422, step.status(), step.body().toString());
        assertTrue(step.message().contains("'soundex'"), step.message());
    }

    @Test
    void aWorkflowStepOnAMissingColumn_failsTheRunNamingIt() {
        String chat = api().createChat();
        upload(chat, "countries.csv", COUNTRIES.getBytes(StandardCharsets.UTF_8));
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"normalization/cluster\",\"arguments\":{\"column\":\"nation\"}}]}");
        assertEquals(200, run.status(), run.body().toString());
        assertEquals("failed", run.data().get("status").asText(), run.body().toString());
        assertTrue(run.body().toString().contains("'nation'"), run.body().toString());
    }

}
