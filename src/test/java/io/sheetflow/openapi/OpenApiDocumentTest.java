package io.sheetflow.openapi;

import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /openapi.yml, fetched without a token and parsed by swagger-parser, describes exactly the server's routes. */
@MicronautTest
class OpenApiDocumentTest extends ServerTest {
    /**
     * Routes deliberately not in the document, each with its reason. Everything else the Router knows must be
     * described, and everything described must be routed.
     */
    private static final Map<String, String> NOT_REST = Map.ofEntries(
            Map.entry("GET /chat/{chatId}", "the conversation's WebSocket handshake (docs/events.md), not REST"),
            Map.entry("GET /events", "the user's WebSocket handshake (docs/events.md), not REST"),
            Map.entry("GET /admin/stream", "the admin dashboard's WebSocket handshake (docs/admin-dashboard.md), not REST"));

    /**
     * Success answers whose {@code data} is deliberately a free-form JSON object, by tag, each with its reason.
     * Every other 2xx answer must have a typed schema (see {@link #typed}).
     */
    private static final Map<String, String> FREE_FORM_TAGS = Map.of(
            "one-shot operations", "Pycelize's one-shot endpoints: data is the operation's result map, whose fields "
                    + "vary with the operation and its arguments (return_file, preview rows, output_files); not modelled yet",
            "bot", "Pycelize's chat-bot endpoints: data mirrors Pycelize's bot answers field for field (maps built in "
                    + "BotConversations); not modelled yet");
    /** As {@link #FREE_FORM_TAGS}, single operations. */
    private static final Map<String, String> FREE_FORM_OPERATIONS = Map.of(
            "POST /api/v1/chat/workflows/{chatId}/files/id/{fileId}/clusters",
            "the cluster operation's result map (ClusterOperation.cluster), the same map its step writes",
            "GET /api/v1/normalization/types",
            "keyed by type name: a description, or with ?detail=true {description, parameters}");


    @Inject
    Router router;

    private String yaml;
    private OpenAPI document;

    @BeforeAll
    void fetch() {
        HttpResponse<byte[]> response = api().withToken(null).download("/openapi.yml");
        assertEquals(200, response.statusCode(), "the document needs no token");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        yaml = new String(response.body(), StandardCharsets.UTF_8);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(),
                "parse errors: " + result.getMessages());
        document = result.getOpenAPI();
    }

    @Test
    void health_answersWithAndWithoutATrailingSlash_andNotUnderADerivedAlias() {
        assertEquals(200, api().get("/api/v1/health").status());
        assertEquals(200, api().get("/api/v1/health/").status());
        assertEquals(404, api().get("/api/v1/health/health").status());
    }

    @Test
    void parsesWithoutErrorsAsOpenApi3() {
        assertTrue(document.getOpenapi().startsWith("3."), document.getOpenapi());
        assertEquals("Sheetflow", document.getInfo().getTitle());
    }

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsRouted() {
        Set<String> routed = router.uriRoutes()
                .filter(UriRouteInfo.class::isInstance)
                .map(r -> key(r.getHttpMethod(), normalize(r.getUriMatchTemplate().toPathString())))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> described.add(key(HttpMethod.valueOf(method.name()), normalize(path)))));

        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(described);
        undocumented.removeAll(NOT_REST.keySet());
        // Micronaut answers HEAD on every GET route by itself (the GET's headers, no body): covered by the GET.
        undocumented.removeIf(route -> route.startsWith("HEAD ") && (described.contains("GET " + route.substring(5))
                || NOT_REST.containsKey("GET " + route.substring(5))));
        Set<String> unrouted = new TreeSet<>(described);
        unrouted.removeAll(routed);
        assertEquals(Set.of(), undocumented, "routes missing from /openapi.yml");
        assertEquals(Set.of(), unrouted, "operations in /openapi.yml that no route serves");
        assertTrue(routed.containsAll(NOT_REST.keySet()), "stale exclusions: " + NOT_REST.keySet());
    }

    @Test
    void everyStepOperationHasItsArgumentsSchemaInTheComponents() {
        var operations = api().get("/api/v1/operations").data().get("operations");
        assertTrue(operations.size() > 10);
        var schemas = document.getComponents().getSchemas();
        for (var operation : operations) {
            String name = operation.get("name").asText();
            var schema = schemas.get(OpenApiDocument.argumentsSchemaName(name));
            assertNotNull(schema, "no arguments schema for " + name);
            Set<String> served = new TreeSet<>();
            operation.get("arguments_schema").get("properties").fieldNames().forEachRemaining(served::add);
            assertEquals(served, new TreeSet<>(schema.getProperties() == null ? Set.of() : schema.getProperties().keySet()),
                    name);
        }
        var step = schemas.get(OpenApiDocument.STEP_SCHEMA);
        assertEquals(operations.size(), ((io.swagger.v3.oas.models.media.Schema<?>) step.getProperties()
                .get("operation")).getEnum().size(), "the step's operation lists every operation");
    }

    @Test
    void enumSchemasListTheValuesTheApiSends() {
        Set<String> listed = OpenApiDocument.ENUMS.stream().map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> enums = new TreeSet<>();
        document.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getEnum() != null && !name.startsWith(OpenApiDocument.ARGUMENTS_PREFIX)) {
                enums.add(name);
            }
        });
        assertEquals(listed, enums, "OpenApiDocument.ENUMS must list every enum schema");
        String created = api().post("/api/v1/chat/workflows", "{}").data().get("status").asText();
        assertTrue(document.getComponents().getSchemas().get("ConversationStatus").getEnum().contains(created),
                created);
        assertEquals(List.of("queued", "running", "completed", "failed", "cancelled"),
                document.getComponents().getSchemas().get("RunStatus").getEnum());
    }

    @Test
    void aOneShotEndpointNamesItsOperationsArgumentsSchema() {
        var post = document.getPaths().get("/api/v1/excel/extract-columns").getPost();
        assertEquals("excel/extract-columns", post.getExtensions().get("x-step-operation"));
        assertTrue(post.getDescription().contains("OperationArguments.excel.extract-columns"), post.getDescription());
        assertTrue(post.getRequestBody().getContent().containsKey("multipart/form-data"));
    }

    @Test
    void uploadsAreDescribedAsMultipartAndAsARawBody() {
        var content = document.getPaths().get("/api/v1/chat/workflows/{chatId}/upload").getPost()
                .getRequestBody().getContent();
        var multipart = resolved(content.get("multipart/form-data").getSchema());
        assertEquals("binary", ((io.swagger.v3.oas.models.media.Schema<?>) multipart.getProperties().get("file"))
                .getFormat());
        assertEquals("binary", content.get("application/octet-stream").getSchema().getFormat());
    }

    @Test
    void authenticatedEndpointsNeedTheBearerSchemeAndAnonymousOnesDoNot() {
        assertEquals("bearer", document.getComponents().getSecuritySchemes().get("bearer").getScheme());
        Set<String> anonymous = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
                anonymous.add(method + " " + path);
            } else {
                assertTrue(op.getSecurity().get(0).containsKey("bearer"), method + " " + path);
                assertTrue(op.getResponses().containsKey("401"), method + " " + path);
            }
        }));
        assertEquals(Set.of("GET /api/v1/health", "GET /api/v1/health/ready", "GET /openapi.yml", "GET /ui-config.json",
                "PUT /api/v1/chat/workflows/{chatId}/uploads/{fileId}/content"), anonymous);
    }

    @Test
    void errorAnswersMatchTheErrorEnvelopeSchema() {
        var schema = document.getComponents().getSchemas().get("ErrorEnvelope");
        var answer = api().get("/api/v1/chat/workflows/" + java.util.UUID.randomUUID());
        assertEquals(404, answer.status());
        Set<String> fields = new TreeSet<>();
        answer.body().fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(schema.getProperties().keySet()), fields);
        Set<String> dataFields = new TreeSet<>();
        answer.data().fieldNames().forEachRemaining(dataFields::add);
        assertEquals(new TreeSet<>(document.getComponents().getSchemas().get("ErrorDetails").getProperties().keySet()),
                dataFields);
    }

    @Test
    void everyOperationDocumentsATypedSuccessAnswer_exceptTheListedFreeFormOnes() {
        List<String> untyped = new ArrayList<>();
        Set<String> allowedSeen = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String key = method + " " + path;
            var successes = op.getResponses().entrySet().stream().filter(e -> e.getKey().startsWith("2")).toList();
            if (successes.isEmpty()) {
                untyped.add(key + ": no 2xx response");
            }
            for (var success : successes) {
                var content = success.getValue().getContent();
                if (content == null || content.isEmpty()) {
                    if (!success.getKey().equals("204")) {
                        untyped.add(key + " " + success.getKey() + ": no content");
                    }
                    continue;
                }
                content.forEach((mediaType, media) -> {
                    if (typed(media.getSchema(), 0)) {
                        return;
                    }
                    String allowedBy = FREE_FORM_OPERATIONS.containsKey(key) ? key
                            : op.getTags() == null ? null
                            : op.getTags().stream().filter(FREE_FORM_TAGS::containsKey).findFirst().orElse(null);
                    if (allowedBy == null) {
                        untyped.add(key + " " + success.getKey() + " " + mediaType);
                    } else {
                        allowedSeen.add(allowedBy);
                    }
                });
            }
        }));
        assertEquals(List.of(), untyped, "2xx answers without a typed schema (no bare object, no envelope with an "
                + "untyped data): type the route's return value or list it in FREE_FORM_* with its reason");
        Set<String> listed = new TreeSet<>(FREE_FORM_TAGS.keySet());
        listed.addAll(FREE_FORM_OPERATIONS.keySet());
        assertEquals(listed, allowedSeen, "stale FREE_FORM_* entries (now typed, or gone)");
    }

    @Test
    void theSuccessCodesAndFieldsOfRealAnswersAreTheDocumentedOnes() throws Exception {
        String chats = "/api/v1/chat/workflows";
        Answer created = api().post(chats, null);
        documented("POST", chats, created);
        assertEquals(201, created.status());
        String chat = created.data().get("chat_id").asText();
        String chatPath = chats + "/{chatId}";

        Answer uploaded = api().upload(chat, "people.csv", "name,city\nAda,London\nGrace,New York\n"
                .getBytes(StandardCharsets.UTF_8));
        documented("POST", chatPath + "/upload", uploaded);
        assertEquals(200, uploaded.status(), "uploads answer 200, as Pycelize's do");
        java.nio.file.Path csv = java.nio.file.Files.writeString(dataDir.resolve("raw.csv"), "a,b\n1,2\n");
        documented("POST", chatPath + "/upload", api().uploadRaw(chat, "raw.csv", csv));
        documented("GET", chatPath + "/files", api().get(chats + "/" + chat + "/files"));
        documented("GET", chatPath, api().get(chats + "/" + chat));

        String download = chats + "/" + chat + "/files/id/" + uploaded.data().get("file_id").asText();
        String downloadTemplate = chatPath + "/files/id/{fileId}";
        HttpResponse<byte[]> whole = api().download(download);
        documented("GET", downloadTemplate, whole.statusCode(), "text/csv");
        documented("GET", downloadTemplate, api().download(download, "Range", "bytes=0-3").statusCode(), "text/csv");
        documented("GET", downloadTemplate, api().download(download, "Range", "bytes=9000-9999").statusCode(), null);
        documented("GET", downloadTemplate, api().download(download, "If-None-Match",
                whole.headers().firstValue("ETag").orElseThrow()).statusCode(), null);

        String steps = "{\"steps\":[{\"operation\":\"csv/info\",\"arguments\":{}}]}";
        Answer accepted = api().post(chats + "/" + chat + "/execute", steps);
        documented("POST", chatPath + "/execute", accepted);
        assertEquals(202, accepted.status());
        Answer finished = api().post(chats + "/" + chat + "/execute?wait=60", steps);
        documented("POST", chatPath + "/execute", finished);
        assertEquals(200, finished.status(), finished.body().toString());
        String run = chatPath + "/runs/{runId}";
        String runId = finished.data().get("run_id").asText();
        documented("GET", run, api().get(chats + "/" + chat + "/runs/" + runId));
        Answer cancelEnded = api().post(chats + "/" + chat + "/runs/" + runId + "/cancel", null);
        documented("POST", run + "/cancel", cancelEnded);
        assertEquals(409, cancelEnded.status(), "an ended run cannot be cancelled");
        documented("GET", chatPath + "/runs", api().get(chats + "/" + chat + "/runs"));
        documented("GET", chatPath + "/events", api().get(chats + "/" + chat + "/events"));
        documented("GET", chatPath + "/messages", api().get(chats + "/" + chat + "/messages"));

        HttpResponse<byte[]> archive = api().download(chats + "/" + chat + "/dump");
        documented("GET", chatPath + "/dump", archive.statusCode(), "application/zip");
        Answer restored = api().send(java.net.http.HttpRequest.newBuilder(api().base().resolve(chats + "/restore"))
                .header("Content-Type", "application/zip")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(archive.body())));
        documented("POST", chats + "/restore", restored);
        assertEquals(201, restored.status(), restored.body().toString());
        documented("POST", chatPath + "/dump", api().post(chats + "/" + chat + "/dump", null));

        documented("POST", "/api/v1/admin/api-keys", api().post("/api/v1/admin/api-keys", "{\"user\":\"openapi\"}"));
        documented("GET", "/api/v1/health", api().get("/api/v1/health"));
        documented("GET", "/api/v1/health/ready", api().get("/api/v1/health/ready"));
        documented("GET", "/api/v1/stats", api().get("/api/v1/stats"));
        documented("GET", "/api/v1/operations", api().get("/api/v1/operations"));
        documented("PATCH", chatPath, api().patch(chats + "/" + chat, "{\"title\":\"renamed\"}"));
        documented("DELETE", chatPath, api().delete(chats + "/" + chat));
    }

    /** The answer's status is documented for the operation and, for a success, its data has only documented fields. */
    private void documented(String method, String template, Answer answer) {
        if (answer.status() >= 300) {
            documented(method, template, answer.status(), null);
            return;
        }
        var response = documented(method, template, answer.status(), "application/json");
        var schema = resolved(response.getContent().get("application/json").getSchema());
        var data = resolved((io.swagger.v3.oas.models.media.Schema<?>) schema.getProperties().get("data"));
        Set<String> fields = new TreeSet<>();
        answer.data().fieldNames().forEachRemaining(fields::add);
        Set<String> undocumented = new TreeSet<>(fields);
        undocumented.removeAll(data.getProperties() == null ? Set.of() : data.getProperties().keySet());
        assertEquals(Set.of(), undocumented, method + " " + template + " " + answer.status()
                + ": fields of data not in " + schema.getName());
    }

    private io.swagger.v3.oas.models.responses.ApiResponse documented(String method, String template, int status,
                                                                      String mediaType) {
        var op = document.getPaths().get(template).readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        var response = op.getResponses().get(String.valueOf(status));
        assertNotNull(response, method + " " + template + " answered " + status + ", documented: "
                + op.getResponses().keySet());
        if (mediaType != null) {
            assertTrue(response.getContent().containsKey(mediaType) || response.getContent().containsKey("*/*"),
                    method + " " + template + " " + status + " " + mediaType + ": " + response.getContent().keySet());
        }
        return response;
    }

    /**
     * A schema a client can type: a scalar, an array of typed items, an object with properties (for the envelope:
     * with a typed {@code data}), or a map of typed values; not a bare {@code object}.
     */
    private boolean typed(io.swagger.v3.oas.models.media.Schema<?> schema, int depth) {
        io.swagger.v3.oas.models.media.Schema<?> s = resolved(schema);
        if (s == null || depth > 10) {
            return false;
        }
        if (s.getAllOf() != null || s.getOneOf() != null || s.getAnyOf() != null) {
            return true;
        }
        String type = s.getType();
        if (Set.of("string", "integer", "number", "boolean").contains(type)) {
            return true;
        }
        if ("array".equals(type)) {
            return typed(s.getItems(), depth + 1);
        }
        var properties = s.getProperties();
        if (properties == null || properties.isEmpty()) {
            return s.getAdditionalProperties() instanceof io.swagger.v3.oas.models.media.Schema<?> values
                    && typed(values, depth + 1);
        }
        if (properties.containsKey("data") && properties.containsKey("status_code")) {
            return typed(properties.get("data"), depth + 1);
        }
        return true;
    }

    private io.swagger.v3.oas.models.media.Schema<?> resolved(io.swagger.v3.oas.models.media.Schema<?> schema) {
        String ref = schema == null ? null : schema.get$ref();
        return ref == null ? schema
                : document.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static String key(HttpMethod method, String path) {
        return method + " " + path;
    }

    /** Trailing slashes aside ({@code /api/v1/health} is routed with and without one). */
    private static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
