package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.operation.ArgumentSchemas;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The two tools the model may call. {@code propose_workflow} carries the whole workflow in one call (the input
 * file's id and the steps in order), each step's {@code arguments} described by its operation's JSON Schema (the
 * catalogue's {@code arguments_schema}) in an {@code anyOf} over the operations; {@code ask_question} asks the
 * user one question. One tool per operation would split a workflow over several calls whose order and input file
 * the protocol does not tie together.
 */
@Singleton
@Requires(property = "sheetflow.assistant.planner", value = "llm")
public class PlanTools {

    public static final String PROPOSE = "propose_workflow";
    public static final String ASK = "ask_question";

    private final OperationRegistry registry;
    private final ObjectMapper json;

    public PlanTools(OperationRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The request's {@code tools}: the file ids are an enum, so the model can only name a conversation file. */
    public ArrayNode tools(List<FileFacts> files) {
        ArrayNode tools = json.createArrayNode();
        tools.add(propose(files));
        tools.add(ask());
        return tools;
    }

    /** The operations, one line each, for the system prompt. */
    public String catalogue() {
        StringBuilder lines = new StringBuilder();
        for (Operation<?> operation : registry.all()) {
            lines.append("- ").append(operation.name()).append(": ").append(operation.description()).append('\n');
        }
        return lines.toString();
    }

    private ObjectNode propose(List<FileFacts> files) {
        ObjectNode parameters = object();
        ObjectNode properties = parameters.putObject("properties");
        ObjectNode input = properties.putObject("input_file_id");
        input.put("type", "string");
        input.put("description", "The file_id of the file the first step reads.");
        ArrayNode ids = input.putArray("enum");
        files.forEach(f -> ids.add(f.id()));
        ObjectNode steps = properties.putObject("steps");
        steps.put("type", "array");
        steps.put("minItems", 1);
        steps.put("description", "The steps in order; each step after the first reads the output of the step before.");
        ArrayNode choices = steps.putObject("items").putArray("anyOf");
        for (Operation<?> operation : registry.all()) {
            ObjectNode step = object();
            ObjectNode stepProperties = step.putObject("properties");
            ObjectNode name = stepProperties.putObject("operation");
            name.put("type", "string");
            name.putArray("enum").add(operation.name());
            stepProperties.set("arguments", json.valueToTree(ArgumentSchemas.of(operation.argumentsType())));
            step.putArray("required").add("operation").add("arguments");
            step.put("additionalProperties", false);
            choices.add(step);
        }
        parameters.putArray("required").add("input_file_id").add("steps");
        parameters.put("additionalProperties", false);
        return function(PROPOSE, "Offer the user a workflow over one of the conversation's files. It runs only"
                + " after the user confirms.", parameters);
    }

    private ObjectNode ask() {
        ObjectNode parameters = object();
        ObjectNode question = parameters.putObject("properties").putObject("question");
        question.put("type", "string");
        question.put("description", "One short question for the user.");
        parameters.putArray("required").add("question");
        parameters.put("additionalProperties", false);
        return function(ASK, "Ask the user one question when something the workflow needs is missing or ambiguous.",
                parameters);
    }

    private ObjectNode function(String name, String description, ObjectNode parameters) {
        ObjectNode tool = json.createObjectNode();
        tool.put("type", "function");
        ObjectNode function = tool.putObject("function");
        function.put("name", name);
        function.put("description", description);
        function.set("parameters", parameters);
        return tool;
    }

    private ObjectNode object() {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        return schema;
    }
}
