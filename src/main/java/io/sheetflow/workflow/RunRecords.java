package io.sheetflow.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.file.StoredFile;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Persists a validated run with its pending steps and the history message, in one transaction. */
@Singleton
public class RunRecords {
    private final WorkflowRunRepository runs;
    private final WorkflowStepRepository steps;
    private final ConversationRepository conversations;
    private final MessageLog messages;
    private final ObjectMapper mapper;

    public RunRecords(WorkflowRunRepository runs, WorkflowStepRepository steps, ConversationRepository conversations,
                      MessageLog messages, ObjectMapper mapper) {
        this.runs = runs;
        this.steps = steps;
        this.conversations = conversations;
        this.messages = messages;
        this.mapper = mapper;
    }

    @Transactional
    public WorkflowRun create(Conversation conversation, StoredFile input, List<ExecuteRequest.StepRequest> requested,
                                  List<String> argumentJson) {
        Instant now = Instant.now();
        UUID runId = UUID.randomUUID();
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            summary.add(requested.get(i).operation().strip());
        }
        String requestedSteps;
        try {
            requestedSteps = mapper.writeValueAsString(requested);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("steps", "steps could not be stored");
        }
        WorkflowRun run = runs.save(new WorkflowRun(runId, conversation.id(), conversation.owner(), RunStatus.QUEUED,
                input.id(), requestedSteps, false, null, now, null, null));
        for (int i = 0; i < requested.size(); i++) {
            steps.save(new WorkflowStep(UUID.randomUUID(), runId, i, summary.get(i), argumentJson.get(i),
                    StepStatus.PENDING, 0, null, null, null, null, null, null, null, null));
        }
        conversations.updateRunStatus(conversation.id(), ConversationStatus.ACTIVE.name(), RunStatus.QUEUED.value(), now);
        messages.append(conversation.id(), MessageType.USER, "Run workflow on " + input.displayName() + ": "
                + String.join(" → ", summary), Map.of("run_id", runId.toString()));
        return run;
    }

}
