package io.sheetflow.operation.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.RecordingProgressReporter;
import io.sheetflow.operation.RunCancelledException;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sheetflow.operation.json.GenerateJsonOperationTest.mapping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenerateJsonWithTemplateOperationTest {

    private final ObjectMapper json = new ObjectMapper();
    private final GenerateJsonWithTemplateOperation operation = new GenerateJsonWithTemplateOperation();

    @TempDir
    Path dir;

    /** Pycelize's verified example (from its documentation), with user_id as number cells. */
    @Test
    void verifiedReferenceExample_reproduces() throws Exception {
        Path file = TestFiles.xlsx(dir, "sample_users_template.xlsx", workbook -> {
            var sheet = workbook.createSheet("Sheet1");
            TestFiles.row(sheet, 0, "user_id", "first_name", "last_name", "email");
            TestFiles.row(sheet, 1, 1, "Alice", "Smith", "alice@example.com");
            TestFiles.row(sheet, 2, 2, "Bob", "Jones", "bob@example.com");
        });
        TestOperationContext context = TestOperationContext.of(file, SheetFormat.XLSX, dir.resolve("out"));

        Map<String, Object> data = operation.execute(new GenerateJsonWithTemplateOperation.Arguments(json.readTree(
                "{\"user\":{\"id\":\"{user_id:int}\",\"name\":\"{first_name} {last_name}\"},"
                        + "\"contact\":{\"email\":\"{email}\"}}"),
                mapping("user_id", "user_id", "first_name", "first_name", "last_name", "last_name", "email", "email"),
                null, false, null), context).data();

        Path output = context.outputs().get(0).path();
        assertEquals("sample_users_template_generated_template.json", context.outputs().get(0).displayName());
        assertEquals("[{\"user\":{\"id\":1,\"name\":\"Alice Smith\"},\"contact\":{\"email\":\"alice@example.com\"}},"
                + "{\"user\":{\"id\":2,\"name\":\"Bob Jones\"},\"contact\":{\"email\":\"bob@example.com\"}}]",
                Files.readString(output));
        assertEquals(Map.of("total_records", 2L, "file_size", Files.size(output)), data);
    }

    @Test
    void mixedText_dropsNullPlaceholders() throws Exception {
        Path file = TestFiles.writeUtf8(dir, "u.csv", "name,age\nAnn,30\n\"Bob \"\"B\"\"\",\n");

        assertEquals("[{\"label\":\"User Ann (30.0)\"},{\"label\":\"User Bob \\\"B\\\" ()\"}]",
                render(file, "{\"label\": \"User {name} ({age:float})\"}", mapping("name", "name", "age", "age"),
                        null));
    }

    @Test
    void exactPlaceholders_keepOrConvertTypes() throws Exception {
        Path file = GenerateJsonOperationTest.people(dir);
        String template = """
                {"age": "{age}", "ageInt": "{age:int}", "ageFloat": "{age:float}", "ageText": "{age:string}",
                 "active": "{active}", "activeBool": "{active:bool}", "joined": "{joined}",
                 "joinedAt": "{joined:datetime}", "seen": "{seen}", "code": "{code}", "codeInt": "{code:int}",
                 "nameInt": "{name:int}", "ghost": "{ghost}", "fallback": "{code:int|0}", "text": "{seen|never}",
                 "constant": [1, 2.5, true, null, "{"], "nested": {"list": ["{age}", "x{code}y"]}}""";
        Map<String, String> mapping = mapping("age", "age", "active", "active", "joined", "joined", "seen", "seen",
                "code", "code", "name", "name");

        assertEquals("[{\"age\":30,\"ageInt\":30,\"ageFloat\":30.0,\"ageText\":\"30\",\"active\":true,"
                + "\"activeBool\":true,\"joined\":\"2024-01-15\",\"joinedAt\":\"2024-01-15T00:00:00\","
                + "\"seen\":\"2024-01-15T10:30:00\",\"code\":\"007\",\"codeInt\":7,\"nameInt\":\"O'Brien \\\"Bob\\\""
                + " C:\\\\x\",\"ghost\":null,\"fallback\":7,\"text\":\"2024-01-15T10:30:00\","
                + "\"constant\":[1,2.5,true,null,\"{\"],\"nested\":{\"list\":[30,\"x007y\"]}},"
                + "{\"age\":25.5,\"ageInt\":25,\"ageFloat\":25.5,\"ageText\":\"25.5\",\"active\":false,"
                + "\"activeBool\":false,\"joined\":null,\"joinedAt\":null,\"seen\":null,\"code\":null,\"codeInt\":null,"
                + "\"nameInt\":\"Zoë 北京\",\"ghost\":null,\"fallback\":0,\"text\":\"never\","
                + "\"constant\":[1,2.5,true,null,\"{\"],\"nested\":{\"list\":[25.5,\"xy\"]}}]",
                render(file, template, mapping, null));
    }

    @Test
    void aggregationModes_arrangeTheObjects() throws Exception {
        Path one = TestFiles.writeUtf8(dir, "one.csv", "a\n1\n");
        Path two = TestFiles.writeUtf8(dir, "two.csv", "a\n1\n2\n");
        Path none = TestFiles.writeUtf8(dir, "none.csv", "a\n");
        String template = "{\"v\": \"{a}\"}";
        Map<String, String> mapping = mapping("a", "a");

        assertEquals("[{\"v\":1}]", render(one, template, mapping, AggregationMode.ARRAY));
        assertEquals("{\"v\":1}", render(one, template, mapping, AggregationMode.SINGLE));
        assertEquals("[{\"v\":1},{\"v\":2}]", render(two, template, mapping, AggregationMode.SINGLE));
        assertEquals("{\"items\":[{\"v\":1},{\"v\":2}],\"count\":2}", render(two, template, mapping,
                AggregationMode.NESTED));
        assertEquals("[]", render(none, template, mapping, AggregationMode.ARRAY));
        assertEquals("[]", render(none, template, mapping, AggregationMode.SINGLE));
        assertEquals("{\"items\":[],\"count\":0}", render(none, template, mapping, AggregationMode.NESTED));
    }

    @Test
    void prettyPrint_indentsByTwoSpacesAsTheReference() throws Exception {
        Path one = TestFiles.writeUtf8(dir, "one.csv", "a\n1\n");
        TestOperationContext context = TestOperationContext.of(one, SheetFormat.CSV, dir.resolve("out"));

        operation.execute(new GenerateJsonWithTemplateOperation.Arguments(json.readTree(
                "{\"v\": \"{a}\", \"list\": [\"{a}\", []], \"empty\": {}}"), mapping("a", "a"),
                AggregationMode.NESTED, null, null), context);

        assertEquals("""
                {
                  "items": [
                    {
                      "v": 1,
                      "list": [
                        1,
                        []
                      ],
                      "empty": {}
                    }
                  ],
                  "count": 1
                }""", Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void templateGivenAsJsonText_isAccepted() throws Exception {
        Path one = TestFiles.writeUtf8(dir, "one.csv", "a\n1\n");
        TestOperationContext context = TestOperationContext.of(one, SheetFormat.CSV, dir.resolve("out"));

        operation.execute(new GenerateJsonWithTemplateOperation.Arguments(new TextNode("{\"v\": \"{a:string}\"}"),
                mapping("a", "a"), null, false, null), context);

        assertEquals("[{\"v\":\"1\"}]", Files.readString(context.outputs().get(0).path()));
    }

    @Test
    void invalidTemplates_areRejectedWithTheReferenceMessages() throws Exception {
        assertInvalid("template", "template is required", null);
        assertInvalid("template", "template is required", new TextNode(" "));
        assertInvalid("template", "Template must be a JSON string or dictionary", json.readTree("[]"));
        assertInvalid("template", "Template must be a JSON string or dictionary", new TextNode("[1]"));
        assertInvalid("template", "Template must be a JSON string or dictionary", new TextNode("\"text\""));
        assertInvalid("template", "Template cannot be empty", json.readTree("{}"));
        assertInvalid("template", "Unknown type hint 'number' in placeholder {a:number}. Known type hints: int,"
                + " float, bool, datetime, string (or str, text)", json.readTree("{\"v\": [\"{a:number}\"]}"));
        InvalidArgumentException invalidJson = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateJsonWithTemplateOperation.Arguments(new TextNode("{\"a\": "), mapping("a", "a"), null,
                        null, null)));
        assertEquals("template", invalidJson.field());
        assertEquals(true, invalidJson.getMessage().startsWith("Invalid template JSON: "), invalidJson.getMessage());
    }

    @Test
    void invalidMappingsAndModes_areRejectedNamingTheField() throws Exception {
        OperationRegistry registry = new OperationRegistry(List.of(operation), json);

        assertRejected(registry, "{\"template\": {\"a\": \"{a}\"}}", "column_mapping", "column_mapping is required");
        assertRejected(registry, "{\"template\": {\"a\": \"{a}\"}, \"column_mapping\": {}}", "column_mapping",
                "column_mapping cannot be empty");
        assertRejected(registry, "{\"template\": {\"a\": \"{a}\"}, \"column_mapping\": {\"a\": \"a\"},"
                + " \"aggregation_mode\": \"list\"}", "aggregation_mode",
                "Invalid aggregation_mode: 'list'. Must be one of: array, single, nested");
        assertEquals(AggregationMode.NESTED, registry.bind(operation, json.readTree("{\"template\": {\"a\": \"{a}\"},"
                + " \"column_mapping\": {\"a\": \"a\"}, \"aggregation_mode\": \"Nested\"}")).aggregationMode());
    }

    @Test
    void missingColumns_failNamingThem() throws Exception {
        Path one = TestFiles.writeUtf8(dir, "one.csv", "a\n1\n");

        OperationFailedException failure = assertThrows(OperationFailedException.class, () -> operation.execute(
                new GenerateJsonWithTemplateOperation.Arguments(json.readTree("{\"v\": \"{x}\"}"),
                        mapping("x", "nope", "a", "a", "y", "other"), null, null, null),
                TestOperationContext.of(one, SheetFormat.CSV, dir.resolve("out"))));

        assertEquals("Columns not found in data: nope, other", failure.getMessage());
    }

    @Test
    void progress_isReportedWithIncreasingCountsAndCancellationStopsTheStep() throws Exception {
        StringBuilder text = new StringBuilder("n\n");
        for (int i = 0; i < 1_001; i++) {
            text.append(i).append('\n');
        }
        Path file = TestFiles.writeUtf8(dir, "many.csv", text.toString());
        RecordingProgressReporter progress = RecordingProgressReporter.recording();
        GenerateJsonWithTemplateOperation.Arguments arguments = new GenerateJsonWithTemplateOperation.Arguments(
                json.readTree("{\"n\": \"{n}\"}"), mapping("n", "n"), null, false, null);

        operation.execute(arguments, TestOperationContext.of(file, SheetFormat.CSV, dir.resolve("a"), progress));
        assertThrows(RunCancelledException.class, () -> operation.execute(arguments, TestOperationContext.of(file,
                SheetFormat.CSV, dir.resolve("b"), RecordingProgressReporter.cancellingAtCall(1))));

        assertEquals(List.of(1_000L, 1_001L), progress.rowsDone());
    }

    private String render(Path file, String template, Map<String, String> mapping, AggregationMode mode)
            throws Exception {
        SheetFormat format = SheetFormat.fromFileName(file.toString()).orElseThrow();
        TestOperationContext context = TestOperationContext.of(file, format, Files.createTempDirectory(dir, "out"));
        operation.execute(new GenerateJsonWithTemplateOperation.Arguments(json.readTree(template), mapping, mode,
                false, null), context);
        return Files.readString(context.outputs().get(0).path());
    }

    private void assertInvalid(String field, String message, JsonNode template) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class, () -> operation.validate(
                new GenerateJsonWithTemplateOperation.Arguments(template, mapping("a", "a"), null, null, null)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }

    private void assertRejected(OperationRegistry registry, String arguments, String field, String message) {
        InvalidArgumentException failure = assertThrows(InvalidArgumentException.class,
                () -> registry.bind(operation, json.readTree(arguments)));
        assertEquals(field, failure.field());
        assertEquals(message, failure.getMessage());
    }
}
