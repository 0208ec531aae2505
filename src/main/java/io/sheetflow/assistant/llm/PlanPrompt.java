package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PendingPlan;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.SheetFacts;

/**
 * The messages sent to the model: the system prompt with the operation catalogue, the files' facts (id, name,
 * format, sheets, columns with their inferred type and at most {@code maxSamples} sample values, row counts;
 * never a row of data), the open question the model asked, if any, and the user's text.
 */
final class PlanPrompt {

    /** Slots of a question the model asked: the request it was asked about, and the question. */
    static final String REQUEST_SLOT = "llm_request";
    static final String QUESTION_SLOT = "llm_question";
    private static final int SAMPLE_CHARS = 60;

    private PlanPrompt() {
    }

    static ArrayNode messages(ObjectMapper json, PlanRequest request, String catalogue, int maxSamples) {
        ArrayNode messages = json.createArrayNode();
        messages.add(message(json, "system", """
                You are the assistant of Sheetflow, which runs workflows of spreadsheet operations on a user's CSV \
                and Excel files. You never see the files' contents, only the facts below.
                Answer by calling exactly one tool: propose_workflow with the file_id of the input file and the \
                steps (operations of the catalogue, arguments as their schema says, column names exactly as listed \
                in the facts), or ask_question when something the workflow needs is missing or ambiguous. Before \
                the tool call, write one short sentence for the user saying what you will do. If the request is not \
                about the files, answer in one or two sentences without a tool.
                Operations:
                """ + catalogue));
        messages.add(message(json, "system", "The conversation's files (facts only):\n" + facts(json, request, maxSamples)));
        PendingPlan pending = request.pending();
        if (pending != null && pending.slots() != null && pending.slots().hasNonNull(REQUEST_SLOT)) {
            messages.add(message(json, "user", pending.slots().get(REQUEST_SLOT).asText()));
            messages.add(message(json, "assistant", pending.slots().path(QUESTION_SLOT).asText("")));
        }
        messages.add(message(json, "user", request.text() == null ? "" : request.text()));
        return messages;
    }

    private static String facts(ObjectMapper json, PlanRequest request, int maxSamples) {
        ArrayNode files = json.createArrayNode();
        for (FileFacts file : request.files()) {
            ObjectNode f = files.addObject();
            f.put("file_id", file.id());
            f.put("name", file.name());
            f.put("kind", file.kind());
            f.put("format", file.format());
            ArrayNode sheets = f.putArray("sheets");
            for (SheetFacts sheet : file.sheets()) {
                ObjectNode s = sheets.addObject();
                if (sheet.name() != null) {
                    s.put("name", sheet.name());
                }
                s.put("rows", sheet.rows());
                ArrayNode columns = s.putArray("columns");
                for (ColumnFacts column : sheet.columns()) {
                    ObjectNode c = columns.addObject();
                    c.put("name", column.name());
                    c.put("type", column.type());
                    ArrayNode samples = c.putArray("samples");
                    column.samples().stream().limit(maxSamples).map(PlanPrompt::shortened).forEach(samples::add);
                }
            }
        }
        return files.toString();
    }

    private static String shortened(String sample) {
        return sample.length() > SAMPLE_CHARS ? sample.substring(0, SAMPLE_CHARS) + "..." : sample;
    }

    private static ObjectNode message(ObjectMapper json, String role, String content) {
        ObjectNode message = json.createObjectNode();
        message.put("role", role);
        message.put("content", content);
        return message;
    }
}
