package io.sheetflow.assistant.bot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.assistant.chat.AssistantMessages;
import io.sheetflow.assistant.chat.QuestionRepository;
import io.sheetflow.assistant.chat.Suggestion;
import io.sheetflow.assistant.chat.SuggestionDecisions;
import io.sheetflow.assistant.chat.SuggestionRepository;
import io.sheetflow.assistant.rules.StepDescriptions;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.FinishedRunView;
import io.sheetflow.workflow.RunView;
import io.sheetflow.workflow.RunViews;
import io.sheetflow.workflow.StepView;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowService;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Pycelize chatbot's protocol ({@code /api/v1/chat/bot/...}) over the assistant: a message is posted to the
 * assistant like any other and answered synchronously once its reply has ended (Pycelize's clients expect the
 * answer in the response); confirming runs the pending suggestion. Nothing is kept in memory: the state a client
 * sees is derived from the stored suggestions, questions and runs.
 */
@Singleton
public class BotConversations {
    static final String WELCOME = "Hi! I turn plain words into workflows on your spreadsheets. Upload a CSV or Excel"
            + " file, then tell me what you want, e.g. \"take email and name, drop duplicates and give me a CSV\".";

    private final AssistantMessages assistant;
    private final MessageRepository messages;
    private final SuggestionRepository suggestions;
    private final SuggestionDecisions decisions;
    private final QuestionRepository questions;
    private final StoredFileRepository files;
    private final WorkflowRunRepository runs;
    private final WorkflowService workflows;
    private final RunViews runViews;
    private final Links links;
    private final ObjectMapper mapper;
    private final Duration replyWait;

    /** @param replyWait how long a message request waits for its reply (on Lambda below API Gateway's 29 s) */
    public BotConversations(AssistantMessages assistant, MessageRepository messages, SuggestionRepository suggestions,
                            SuggestionDecisions decisions, QuestionRepository questions, StoredFileRepository files,
                            WorkflowRunRepository runs, WorkflowService workflows, RunViews runViews, Links links, ObjectMapper mapper,
                            @Value("${sheetflow.assistant.bot-reply-wait:20s}") Duration replyWait) {
        this.assistant = assistant;
        this.messages = messages;
        this.suggestions = suggestions;
        this.decisions = decisions;
        this.questions = questions;
        this.files = files;
        this.runs = runs;
        this.workflows = workflows;
        this.runViews = runViews;
        this.links = links;
        this.mapper = mapper;
        this.replyWait = replyWait;
    }

    /** What a message request answers: the reply when it ended in time ({@code finished}), else where it is. */
    public record Answer(boolean finished, Map<String, Object> data) {
    }

    public Answer message(Conversation c, String text) {
        AssistantMessages.Accepted accepted = assistant.post(c, text, null);
        Message reply = awaitEnd(accepted.reply().id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", accepted.message().id().toString());
        data.put("reply_id", reply.id().toString());
        data.put("state", reply.state() == null ? null : reply.state().value());
        if (reply.state() == null || !reply.state().isFinal()) {
            data.put("bot_response", reply.content());
            data.put("intent", null);
            data.put("suggested_workflow", null);
            data.put("requires_confirmation", false);
            data.put("requires_file", false);
            data.put("action", "pending");
            data.put("output_files", List.of());
            return new Answer(false, data);
        }
        JsonNode metadata = metadata(reply);
        JsonNode suggestion = metadata.path("suggestion");
        String runId = metadata.path("run_id").isTextual() ? metadata.path("run_id").asText() : null;
        boolean suggested = suggestion.isObject();
        boolean asked = metadata.path("question").isObject();
        boolean noFiles = files.findLatestUpload(c.id()).isEmpty();
        data.put("bot_response", reply.content());
        data.put("intent", suggested ? Map.of("type", suggestion.path("intent").asText(), "confidence", 1.0)
                : Map.of("type", "unknown", "confidence", 0.0));
        data.put("suggested_workflow", suggested ? describedSteps(suggestion.path("steps")) : null);
        data.put("suggestion_id", suggested ? suggestion.path("suggestion_id").asText() : null);
        data.put("question", asked ? metadata.get("question") : null);
        data.put("requires_confirmation", suggested);
        data.put("requires_file", !suggested && runId == null && noFiles);
        data.put("action", runId != null ? "execute_workflow" : suggested ? "confirm_workflow"
                : noFiles ? "upload_file" : asked ? "answer_question" : "none");
        data.put("job_id", runId);
        data.put("output_files", List.of());
        return new Answer(true, data);
    }

    /** What the bot says after an upload: the file's links and what it can do next. */
    public Map<String, Object> uploaded(Conversation c, StoredFile stored) {
        String url = links.fileDownload(c.id(), stored.id());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("file_id", stored.id().toString());
        data.put("file_path", stored.displayName());
        data.put("filename", stored.displayName());
        data.put("download_url", url);
        data.put("bot_response", "File '" + stored.displayName() + "' uploaded. What would you like me to do with"
                + " it? For example: \"extract email and name\", \"filter rows where status is active\", \"convert"
                + " to Excel\".");
        data.put("suggested_workflow", null);
        data.put("requires_confirmation", false);
        return data;
    }

    /**
     * Confirms the pending suggestion (with the client's steps when given), or without one runs the client's
     * steps on the latest upload, as Pycelize's front end does; declining discards the pending suggestion.
     *
     * @return the run started, or empty when the user declined
     */
    public Optional<WorkflowRun> confirm(Conversation c, boolean confirmed,
                                         @Nullable List<ExecuteRequest.StepRequest> modifiedWorkflow) {
        Optional<Suggestion> pending = suggestions.findLatestPending(c.id());
        if (!confirmed) {
            pending.ifPresent(decisions::discard);
            return Optional.empty();
        }
        List<ExecuteRequest.StepRequest> edited = modifiedWorkflow == null || modifiedWorkflow.isEmpty()
                ? null : modifiedWorkflow;
        if (pending.isPresent()) {
            return Optional.of(decisions.confirm(c, pending.get(), edited));
        }
        if (edited == null) {
            throw ApiException.badRequest("There's no pending workflow to execute: ask for one first, or send"
                    + " modified_workflow with the steps to run");
        }
        return Optional.of(workflows.submit(c, new ExecuteRequest(edited, null)));
    }

    /** Pycelize's job view of a run: {@code pending} while queued, the run's own status after. */
    public Map<String, Object> job(Conversation c, WorkflowRun run, RunView view) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", run.id().toString());
        data.put("chat_id", c.id().toString());
        data.put("status", run.status() == RunStatus.QUEUED ? "pending" : run.status().value());
        data.put("submitted_at", run.createdAt());
        data.put("started_at", run.startedAt());
        data.put("completed_at", run.finishedAt());
        if (run.status().isTerminal()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("success", run.status() == RunStatus.COMPLETED);
            result.put("results", FinishedRunView.of(view).results());
            result.put("output_files", view.steps().stream().flatMap(step -> step.outputFiles().stream())
                    .map(f -> fileEntry(f.fileId(), f.filename(), f.downloadUrl())).toList());
            data.put("result", result);
        } else {
            data.put("result", null);
        }
        data.put("error", run.error());
        data.put("run", view);
        return data;
    }

    /** Where the conversation is, from what is stored. */
    public BotState state(Conversation c) {
        if (suggestions.findLatestPending(c.id()).isPresent()) {
            return BotState.AWAITING_CONFIRMATION;
        }
        boolean noFiles = files.findLatestUpload(c.id()).isEmpty();
        if (noFiles) {
            return BotState.AWAITING_FILE;
        }
        if (questions.findLatestOpen(c.id()).isPresent()) {
            return BotState.AWAITING_PARAMETERS;
        }
        List<WorkflowRun> all = runs.findByConversationIdOrderByCreatedAt(c.id());
        if (!all.isEmpty()) {
            WorkflowRun last = all.get(all.size() - 1);
            return switch (last.status()) {
                case QUEUED, RUNNING -> BotState.PROCESSING;
                case COMPLETED -> BotState.COMPLETED;
                case FAILED -> BotState.FAILED;
                case CANCELLED -> BotState.CANCELLED;
            };
        }
        return BotState.IDLE;
    }

    /** Pycelize's history: the newest {@code limit} messages (oldest first), files, steps and the state. */
    public Map<String, Object> history(Conversation c, int limit) {
        List<Map<String, Object>> history = new ArrayList<>();
        for (Message m : messages.pageBefore(c.id(), Long.MAX_VALUE, limit)) {
            history.add(0, historyEntry(c, m));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chat_id", c.id().toString());
        data.put("participant_name", c.participantName());
        data.put("status", c.status().value());
        data.put("current_state", state(c).value());
        data.put("messages", history);
        data.putAll(filesAndSteps(c));
        return data;
    }

    /**
     * What Pycelize's conversation carried beside its messages: {@code uploaded_files} and {@code output_files}
     * (name and URL each) and {@code workflow_steps} (every run's steps, oldest first).
     */
    public Map<String, Object> filesAndSteps(Conversation c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uploaded_files", filesOf(c, false));
        data.put("output_files", filesOf(c, true));
        data.put("workflow_steps", runViews.views(runs.findByConversationIdOrderByCreatedAt(c.id())).stream()
                .flatMap(run -> run.steps().stream()).map(this::referenceStep).toList());
        return data;
    }

    /** A step with Pycelize's names ({@code output_file}, {@code completed_at}, {@code error_message}) beside ours. */
    private ObjectNode referenceStep(StepView step) {
        ObjectNode view = mapper.valueToTree(step);
        view.set("arguments", readJson(step.arguments()));
        view.set("result", step.result() == null ? null : readJson(step.result()));
        view.put("output_file", step.outputFiles().isEmpty() ? null
                : step.outputFiles().get(step.outputFiles().size() - 1).filename());
        view.set("completed_at", view.get("finished_at"));
        view.put("error_message", step.error());
        return view;
    }

    /** Pycelize's message fields ({@code message_type}), with Sheetflow's beside them. */
    private Map<String, Object> historyEntry(Conversation c, Message m) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("message_id", m.id().toString());
        entry.put("message_type", m.type().value());
        entry.put("content", m.content());
        entry.put("metadata", referenceMetadata(c, m));
        entry.put("created_at", m.createdAt());
        entry.put("state", m.state() == null ? null : m.state().value());
        entry.put("reply_to", m.replyTo() == null ? null : m.replyTo().toString());
        return entry;
    }

    /** Uploads and outputs as Pycelize lists them: name and download URL. */
    List<Map<String, Object>> filesOf(Conversation c, boolean outputs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StoredFile f : files.findByConversationIdOrderByCreatedAt(c.id())) {
            if ((f.kind() == FileKind.UPLOADED) != outputs) {
                list.add(fileEntry(c, f));
            }
        }
        return list;
    }

    private Map<String, Object> fileEntry(Conversation c, StoredFile f) {
        return fileEntry(f.id(), f.displayName(), links.fileDownload(c.id(), f.id()));
    }

    private static Map<String, Object> fileEntry(UUID id, String name, String downloadUrl) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("file_id", id.toString());
        entry.put("file_path", name);
        entry.put("download_url", downloadUrl);
        return entry;
    }

    private List<Map<String, Object>> describedSteps(JsonNode steps) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (JsonNode step : steps) {
            ObjectNode arguments = step.path("arguments").isObject() ? (ObjectNode) step.get("arguments")
                    : mapper.createObjectNode();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("operation", step.path("operation").asText());
            view.put("arguments", arguments);
            view.put("description", StepDescriptions.of(new PlannedStep(step.path("operation").asText(), arguments)));
            described.add(view);
        }
        return described;
    }

    /** Waits for the reply to end, reading it again with a growing pause (it may be written by another process). */
    private Message awaitEnd(UUID replyId) {
        long deadline = System.nanoTime() + replyWait.toNanos();
        long pauseMillis = 2;
        Message reply = messages.findById(replyId).orElseThrow();
        while ((reply.state() == null || !reply.state().isFinal()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pauseMillis = Math.min(50, pauseMillis * 2);
            reply = messages.findById(replyId).orElseThrow();
        }
        return reply;
    }

    /** An upload's message also names the file as Pycelize's did: {@code file_path} and {@code download_url}. */
    private JsonNode referenceMetadata(Conversation c, Message m) {
        JsonNode metadata = metadata(m);
        if (m.type() == MessageType.FILE_UPLOAD && metadata instanceof ObjectNode fields && fields.hasNonNull("file_id")) {
            fields.put("file_path", fields.path("filename").asText(null));
            fields.put("download_url", links.fileDownload(c.id(), UUID.fromString(fields.get("file_id").asText())));
        }
        return metadata;
    }

    private JsonNode readJson(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    private JsonNode metadata(Message reply) {
        if (reply.metadata() == null) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(reply.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reply " + reply.id() + " has unreadable metadata", e);
        }
    }
}
