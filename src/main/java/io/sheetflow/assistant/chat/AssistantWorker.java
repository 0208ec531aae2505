package io.sheetflow.assistant.chat;

import io.micronaut.context.annotation.Value;
import io.sheetflow.api.ApiException;
import io.sheetflow.assistant.PendingPlan;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.metrics.Meters;
import io.sheetflow.assistant.rules.Replies;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.Message;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageState;
import io.sheetflow.preview.SuggestionPreview;
import io.sheetflow.workflow.WorkflowRun;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes assistant replies. A reply to "yes"/"no" while a suggestion is pending decides it; anything else goes to
 * the planner with the open question's partial plan, if any. Where a reply is written is the {@link ReplyQueue}'s
 * choice: on a pool of this process, or (on Lambda) in the worker function, which takes a conversation's queued
 * replies in turn ({@link #writeInTurn}).
 */
@Singleton
public class AssistantWorker {
    static final String BROKE = "Sorry, something went wrong while I was working on that; please send your message again.";
    public static final String LOST = "I stopped while I was answering; please send your message again.";
    private static final Logger LOG = LoggerFactory.getLogger(AssistantWorker.class);
    /** Text a planner did not stream is sent in chunks of about this many characters, cut after a space. */
    private static final int CHUNK = 48;

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final SuggestionRepository suggestions;
    private final QuestionRepository questions;
    private final AssistantReplies replies;
    private final SuggestionDecisions decisions;
    private final ConversationFiles files;
    private final SuggestionPreview previews;
    private final Planner planner;
    private final Meters meters;
    private final Duration replyLease;

    /**
     * @param replyLease how long a reply claimed by {@link #writeInTurn} may take before it counts as lost (its
     *                   worker stopped) and stops holding up its conversation's next replies
     */
    public AssistantWorker(MessageRepository messages, ConversationRepository conversations,
                           SuggestionRepository suggestions, QuestionRepository questions, AssistantReplies replies,
                           SuggestionDecisions decisions, ConversationFiles files, SuggestionPreview previews,
                           List<Planner> planners,
                           @Value("${sheetflow.assistant.planner:rules}") String plannerName,
                           @Value("${sheetflow.assistant.reply-lease:16m}") Duration replyLease, Meters meters) {
        this.meters = meters;
        this.messages = messages;
        this.conversations = conversations;
        this.suggestions = suggestions;
        this.questions = questions;
        this.replies = replies;
        this.decisions = decisions;
        this.files = files;
        this.previews = previews;
        this.replyLease = replyLease;
        this.planner = planners.stream().filter(p -> p.name().equals(plannerName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No planner named '" + plannerName + "' (sheetflow.assistant.planner)"));
    }

    /** Writes one queued reply; nothing when it is no longer queued. The caller keeps the conversation's order. */
    public void write(UUID replyId) {
        Message reply = messages.findById(replyId).orElse(null);
        if (reply == null || reply.state() != MessageState.QUEUED) {
            return;
        }
        Conversation conversation = conversations.findById(reply.conversationId()).orElse(null);
        if (conversation == null || !replies.started(conversation, reply)) {
            return;
        }
        writeStarted(conversation, reply);
    }

    /**
     * Writes the conversation's queued replies one after the other, oldest first, each claimed in the database
     * first: while another execution environment writes one of them, this returns at once (that one takes the
     * next when it is done), so any number of workers keep one reply at a time per conversation, in order.
     *
     * @return how many replies this call wrote
     */
    public int writeInTurn(UUID conversationId) {
        Conversation conversation = conversations.findById(conversationId).orElse(null);
        if (conversation == null) {
            return 0;
        }
        Instant staleBefore = Instant.now().minus(replyLease);
        for (Message lost : messages.findClaimedBefore(conversationId, staleBefore)) {
            LOG.warn("Assistant reply {} was claimed before {} and never ended: its worker stopped", lost.id(), staleBefore);
            replies.failed(conversation, lost, LOST);
        }
        int written = 0;
        Optional<Message> next;
        while ((next = replies.claimNext(conversation, staleBefore)).isPresent()) {
            writeStarted(conversation, next.get());
            written++;
        }
        return written;
    }

    /** Ends the reply as an error saying {@code text}, when it has not ended yet. */
    public void fail(Conversation conversation, Message reply, String text) {
        replies.failed(conversation, reply, text);
    }

    private void writeStarted(Conversation conversation, Message reply) {
        WorkflowRun confirmed = null;
        try {
            String text = messages.findById(reply.replyTo()).map(Message::content).orElse("");
            List<String> streamed = new ArrayList<>();
            Answer answer = answer(conversation, text, chunk -> {
                if (replies.delta(conversation, reply, streamed.size(), chunk)) {
                    streamed.add(chunk);
                }
            });
            confirmed = answer.run();
            if (streamed.isEmpty()) {
                List<String> chunks = chunks(answer.outcome().text());
                for (int i = 0; i < chunks.size(); i++) {
                    replies.delta(conversation, reply, i, chunks.get(i));
                }
            }
            // made before the reply's transaction: it reads the input's first rows and runs the steps on them
            Map<String, Object> preview = answer.outcome() instanceof PlanOutcome.Suggestion s
                    ? previews.of(conversation, s.inputFileId(), s.steps()) : null;
            replies.completed(conversation, reply, answer.outcome(), confirmed == null ? null : confirmed.id(), preview);
        } catch (RuntimeException e) {
            LOG.error("Assistant reply {} of conversation {} failed", reply.id(), conversation.id(), e);
            replies.failed(conversation, reply, BROKE);
        } finally {
            // queued only now, so the reply saying it runs comes before the run's own events and result
            if (confirmed != null) {
                decisions.start(confirmed);
            }
        }
    }

    /** {@code run}: the run a written confirmation recorded (queued once the reply is written). */
    private record Answer(PlanOutcome outcome, WorkflowRun run) {
    }

    private Answer answer(Conversation conversation, String text, Planner.TextSink deltas) {
        Optional<Suggestion> pending = suggestions.findLatestPending(conversation.id());
        Replies.Reply reply = Replies.classify(text);
        if (pending.isPresent() && reply == Replies.Reply.CONFIRM) {
            try {
                WorkflowRun run = decisions.accept(conversation, pending.get(), null);
                return new Answer(new PlanOutcome.NotUnderstood("Running it now. I will tell you when it is done."),
                        run);
            } catch (ApiException e) {
                return new Answer(new PlanOutcome.NotUnderstood("I could not start it: " + e.getMessage()), null);
            }
        }
        if (pending.isPresent() && reply == Replies.Reply.DISCARD) {
            try {
                decisions.discard(pending.get());
            } catch (ApiException alreadyDecided) {
                // decided meanwhile (e.g. confirmed over REST): nothing left to drop
            }
            return new Answer(new PlanOutcome.NotUnderstood("All right, I dropped that suggestion. What would you like to do instead?"), null);
        }
        Optional<PendingPlan> open = questions.findLatestOpen(conversation.id()).map(replies::pendingPlan);
        if (open.isEmpty() && reply == Replies.Reply.CONFIRM) {
            return new Answer(new PlanOutcome.NotUnderstood("There is nothing waiting for a confirmation. "
                    + "Tell me what to do with your files."), null);
        }
        PlanOutcome outcome = planner.plan(new PlanRequest(text, files.facts(conversation), open.orElse(null)), deltas);
        meters.plannerOutcome(planner.name(), outcome instanceof PlanOutcome.Suggestion ? "suggestion"
                : outcome instanceof PlanOutcome.Question ? "question" : "not_understood");
        return new Answer(outcome, null);
    }

    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + CHUNK);
            if (end < text.length()) {
                int space = text.indexOf(' ', end);
                end = space < 0 ? text.length() : space + 1;
            }
            chunks.add(text.substring(start, end));
            start = end;
        }
        return chunks;
    }
}
