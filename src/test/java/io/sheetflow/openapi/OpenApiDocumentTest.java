package io.sheetflow.openapi;

import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
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

    private io.swagger.v3.oas.models.media.Schema<?> resolved(io.swagger.v3.oas.models.media.Schema<?> schema) {
        String ref = schema.get$ref();
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
