package io.sheetflow.operation.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.ColumnIndexes;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InputFormats;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.RowProgress;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code json/generate-with-template}: every row rendered through a JSON template ({@link JsonTemplate}) into
 * {@code <input>_generated_template.json}, streamed, as an array, a single object or
 * {@code {"items": [...], "count": n}}.
 */
@Singleton
public class GenerateJsonWithTemplateOperation implements Operation<GenerateJsonWithTemplateOperation.Arguments> {

    public static final String NAME = "json/generate-with-template";

    private static final ObjectMapper TEMPLATE_READER = new ObjectMapper();

    /**
     * @param template        a JSON object whose text values hold placeholders (required); as in Pycelize it
     *                        may also be given as a string holding that JSON object
     * @param columnMapping   {@code {placeholder: source_col}} (required, not empty)
     * @param aggregationMode {@code array} (default), {@code single} or {@code nested}
     * @param prettyPrint     two-space indented output (default true), else compact
     * @param sheetName       the sheet to read; the first one when absent
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Arguments(@JsonProperty("template") JsonNode template,
                            @ColumnArgument(ColumnArgument.Shape.VALUES)
                            @JsonProperty("column_mapping") Map<String, String> columnMapping,
                            @JsonProperty("aggregation_mode") AggregationMode aggregationMode,
                            @JsonProperty("pretty_print") Boolean prettyPrint,
                            @JsonProperty("sheet_name") String sheetName) {
        public Arguments {
            if (template != null && template.isNull()) {
                template = null;
            }
            columnMapping = columnMapping == null ? null
                    : Collections.unmodifiableMap(new LinkedHashMap<>(columnMapping));
            if (aggregationMode == null) {
                aggregationMode = AggregationMode.ARRAY;
            }
            prettyPrint = !Boolean.FALSE.equals(prettyPrint);
            if (sheetName != null && sheetName.isBlank()) {
                sheetName = null;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Renders every row through a JSON template with typed placeholders into a .json file (array, single"
                + " object or items with count).";
    }

    @Override
    public Class<Arguments> argumentsType() {
        return Arguments.class;
    }

    @Override
    public void validate(Arguments arguments) {
        JsonNode template = templateObject(arguments.template());
        if (arguments.columnMapping() == null) {
            throw new InvalidArgumentException("column_mapping", "column_mapping is required");
        }
        if (arguments.columnMapping().isEmpty()) {
            throw new InvalidArgumentException("column_mapping", "column_mapping cannot be empty");
        }
        for (Map.Entry<String, String> entry : arguments.columnMapping().entrySet()) {
            if (entry.getValue() == null || entry.getValue().isEmpty()) {
                throw new InvalidArgumentException("column_mapping", "column_mapping: the source column for '"
                        + entry.getKey() + "' is missing");
            }
        }
        JsonTemplate.compile(template, Map.of());
    }

    /** The template as a non-empty JSON object, with Pycelize's messages otherwise. */
    static JsonNode templateObject(JsonNode template) {
        if (template == null || (template.isTextual() && template.textValue().isBlank())) {
            throw new InvalidArgumentException("template", "template is required");
        }
        JsonNode object = template;
        if (template.isTextual()) {
            try {
                object = TEMPLATE_READER.readTree(template.textValue());
            } catch (JsonProcessingException e) {
                throw new InvalidArgumentException("template", "Invalid template JSON: " + e.getOriginalMessage());
            }
        }
        if (object == null || !object.isObject()) {
            throw new InvalidArgumentException("template", "Template must be a JSON string or dictionary");
        }
        if (object.isEmpty()) {
            throw new InvalidArgumentException("template", "Template cannot be empty");
        }
        return object;
    }

    @Override
    public StepResult execute(Arguments arguments, OperationContext context) throws Exception {
        validate(arguments);
        InputFile input = context.input();
        SheetFormat format = InputFormats.require(input, NAME,
                Set.of(SheetFormat.XLSX, SheetFormat.XLS, SheetFormat.CSV), "an .xlsx, .xls or .csv input");
        try (TableReader reader = TableReaders.open(input.path(), format, ReadOptions.sheet(arguments.sheetName()))) {
            int[] sources = ColumnIndexes.require(reader.header(), arguments.columnMapping().values(),
                    "Columns not found in data: ");
            Map<String, Integer> columns = new HashMap<>();
            int i = 0;
            for (String placeholder : arguments.columnMapping().keySet()) {
                columns.put(placeholder, sources[i++]);
            }
            JsonTemplate template = JsonTemplate.compile(templateObject(arguments.template()), columns);
            OutputFile output = context.createOutput(input.baseName() + "_generated_template",
                    SheetFormat.JSON.extension());
            RowProgress progress = new RowProgress(context.progress(), reader);
            GenerateJsonOperation.Rows rows = new GenerateJsonOperation.Rows(reader, progress);
            long records = 0;
            try (JsonGenerator json = JsonOutput.create(output.path(), arguments.prettyPrint())) {
                Object[] first = rows.next();
                Object[] second = first == null ? null : rows.next();
                if (arguments.aggregationMode() == AggregationMode.SINGLE && first != null && second == null) {
                    template.write(json, first);
                    records = 1;
                } else {
                    boolean nested = arguments.aggregationMode() == AggregationMode.NESTED;
                    if (nested) {
                        json.writeStartObject();
                        json.writeFieldName("items");
                    }
                    json.writeStartArray();
                    if (first != null) {
                        template.write(json, first);
                        records++;
                    }
                    for (Object[] row = second; row != null; row = rows.next()) {
                        template.write(json, row);
                        records++;
                    }
                    json.writeEndArray();
                    if (nested) {
                        json.writeNumberField("count", records);
                        json.writeEndObject();
                    }
                }
            }
            progress.finished(rows.read);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total_records", records);
            data.put("file_size", Files.size(output.path()));
            return StepResult.of(data);
        }
    }
}
