package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.sheetflow.assistant.PendingPlan;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageState;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.conversation.QueuePositions;
import io.sheetflow.event.EventService;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one owner of every transition of an assistant reply: received (the user's message and the queued reply),
 * started, each streamed chunk, completed, failed, and the result message of a run a suggestion became. Each is
 * one transaction writing the message rows, the conversation's summary (increments and partial updates only),
 * the suggestion or question rows and the event.
 */
@Singleton
public class AssistantReplies {
    private final MessageLog log;
    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final SuggestionRepository suggestions;
    private final QuestionRepository questions;
    private final EventService events;
    private final ObjectMapper mapper;

    public AssistantReplies(MessageLog log, MessageRepository messages, ConversationRepository conversations,
                            SuggestionRepository suggestions, QuestionRepository questions, EventService events,
                            ObjectMapper mapper) {
        this.log = log;
        this.messages = messages;
        this.conversations = conversations;
        this.suggestions = suggestions;
        this.questions = questions;
        this.events = events;
        this.mapper = mapper;
    }

    /**
     * The user's message and its queued reply with its queue position. A repeated {@code clientMessageId} fails on
     * its unique constraint.
     */
    public record Received(Message message, Message reply, int queuePosition) {
    }

    @Transactional
    public Received received(Conversation conversation, String text, @Nullable String clientMessageId) {
        Message message = log.append(conversation.id(), MessageType.USER, text, Map.of(), null, clientMessageId, null);
        Message reply = log.append(conversation.id(), MessageType.ASSISTANT, "", Map.of(), MessageState.QUEUED, null,
                message.id());
        int position = QueuePositions.of(messages.findUnfinished(conversation.id())).getOrDefault(reply.id(), 0);
        events.append(conversation.id(), conversation.owner(), null,
                new AssistantEvent.Queued(reply.id().toString(), message.id().toString(), position));
        return new Received(message, reply, position);
    }

    /** After {@code ended} ended: each queued reply behind it has one reply fewer ahead, which its event says. */
    private void movedUp(Conversation conversation, Message ended) {
        List<Message> unfinished = messages.findUnfinished(conversation.id());
        for (int i = 0; i < unfinished.size(); i++) {
            Message waiting = unfinished.get(i);
            if (waiting.state() == MessageState.QUEUED && waiting.number() > ended.number()) {
                events.append(conversation.id(), conversation.owner(), null,
                        new AssistantEvent.Queued(waiting.id().toString(), string(waiting.replyTo()), i));
            }
        }
    }

    /** @return false when the reply is no longer queued (another worker took it, or it ended) */
    @Transactional
    public boolean started(Conversation conversation, Message reply) {
        if (messages.moveState(reply.id(), MessageState.QUEUED.name(), MessageState.PROCESSING.name()) == 0) {
            return false;
        }
        events.append(conversation.id(), conversation.owner(), null,
                new AssistantEvent.Started(reply.id().toString(), string(reply.replyTo())));
        return true;
    }

    /**
     * Claims the conversation's next reply in turn (see {@link MessageRepository#claimInTurn}) and records that it
     * started; empty when none is queued, another one is being written, or another worker claimed it first.
     */
    @Transactional
    public Optional<Message> claimNext(Conversation conversation, Instant staleBefore) {
        Optional<Message> oldest = messages.findOldestQueued(conversation.id());
        if (oldest.isEmpty() || messages.claimInTurn(oldest.get().id(), conversation.id(), oldest.get().number(),
                Instant.now(), staleBefore) == 0) {
            return Optional.empty();
        }
        Message reply = oldest.get();
        events.append(conversation.id(), conversation.owner(), null,
                new AssistantEvent.Started(reply.id().toString(), string(reply.replyTo())));
        return Optional.of(reply);
    }

    @Transactional
    public boolean delta(Conversation conversation, Message reply, int index, String chunk) {
        if (messages.appendChunk(reply.id(), chunk) == 0) {
            return false;
        }
        events.append(conversation.id(), conversation.owner(), null,
                new AssistantEvent.Delta(reply.id().toString(), index, chunk));
        return true;
    }

    /**
     * The reply's final text. A suggestion is stored pending (replacing any older pending one), a question is
     * stored open with its partial plan; an open question this reply answered is closed. {@code runId} names the
     * run the reply started (a confirmation by writing); {@code preview} is what a suggestion's steps give on the
     * input's first rows (see {@code preview/SuggestionPreview}).
     */
    @Transactional
    public boolean completed(Conversation conversation, Message reply, PlanOutcome outcome, @Nullable UUID runId,
                             @Nullable Map<String, Object> preview) {
        Instant now = Instant.now();
        String text = outcome.text();
        UUID chatId = conversation.id();
        questions.closeOpen(chatId, Question.ANSWERED, now);
        AssistantEvent.SuggestionView suggestionView = null;
        AssistantEvent.QuestionView questionView = null;
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (runId != null) {
            metadata.put("run_id", runId.toString());
        }
        if (outcome instanceof PlanOutcome.Suggestion s) {
            suggestions.supersedePending(chatId, now);
            Suggestion stored = suggestions.save(new Suggestion(UUID.randomUUID(), chatId, reply.id(),
                    SuggestionStatus.PENDING, s.intent(), UUID.fromString(s.inputFileId()), json(s.steps()), null, now,
                    null));
            suggestionView = new AssistantEvent.SuggestionView(stored.id().toString(), s.intent(), steps(s.steps()),
                    s.inputFileId(), preview);
            metadata.put("suggestion", suggestionView);
        } else if (outcome instanceof PlanOutcome.Question q) {
            Question stored = questions.save(new Question(UUID.randomUUID(), chatId, reply.id(), Question.OPEN,
                    json(q.pending()), now, null));
            questionView = new AssistantEvent.QuestionView(stored.id().toString(), q.pending().missing());
            metadata.put("question", questionView);
        }
        if (messages.finish(reply.id(), text, metadata.isEmpty() ? null : json(metadata),
                MessageState.COMPLETE.name()) == 0) {
            throw new IllegalStateException("Reply " + reply.id() + " had already ended");
        }
        conversations.updatePreview(chatId, MessageLog.preview(text), now);
        events.append(chatId, conversation.owner(), runId, new AssistantEvent.Message(reply.id().toString(),
                string(reply.replyTo()), MessageState.COMPLETE.value(), text, suggestionView, questionView));
        movedUp(conversation, reply);
        return true;
    }

    /** The reply could not be written; {@code text} tells the user so in plain words. */
    @Transactional
    public boolean failed(Conversation conversation, Message reply, String text) {
        if (messages.finish(reply.id(), text, null, MessageState.ERROR.name()) == 0) {
            return false;
        }
        conversations.updatePreview(conversation.id(), MessageLog.preview(text), Instant.now());
        events.append(conversation.id(), conversation.owner(), null, new AssistantEvent.Message(reply.id().toString(),
                string(reply.replyTo()), MessageState.ERROR.value(), text, null, null));
        movedUp(conversation, reply);
        return true;
    }

    /** A message of the assistant's own, complete at once (the result of a run it started); joins the caller's transaction. */
    @Transactional
    public Message said(Conversation conversation, UUID runId, String text) {
        Message message = log.append(conversation.id(), MessageType.ASSISTANT, text,
                Map.of("run_id", runId.toString()), MessageState.COMPLETE, null, null);
        events.append(conversation.id(), conversation.owner(), runId, new AssistantEvent.Message(message.id().toString(),
                null, MessageState.COMPLETE.value(), text, null, null));
        return message;
    }

    List<Map<String, Object>> steps(List<PlannedStep> steps) {
        return steps.stream().map(step -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("operation", step.operation());
            view.put("arguments", mapper.convertValue(step.arguments(), Map.class));
            return view;
        }).toList();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    PendingPlan pendingPlan(Question question) {
        try {
            return mapper.readValue(question.pendingPlan(), PendingPlan.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored question " + question.id() + " is unreadable", e);
        }
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
    }
}
