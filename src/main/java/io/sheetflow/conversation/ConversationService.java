package io.sheetflow.conversation;

import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.file.FileService;
import io.sheetflow.file.FileView;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.security.Caller;
import io.sheetflow.workflow.RunViews;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowService;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Singleton
public class ConversationService {
    static final int DETAIL_MESSAGES = 200;
    private static final Duration RUNS_STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final StoredFileRepository files;
    private final WorkflowRunRepository runs;
    private final RunViews runViews;
    private final FileService fileService;
    private final WorkflowService workflows;
    private final Links links;

    public ConversationService(ConversationRepository conversations, MessageRepository messages,
                               StoredFileRepository files, WorkflowRunRepository runs, RunViews runViews,
                               FileService fileService, WorkflowService workflows, Links links) {
        this.conversations = conversations;
        this.messages = messages;
        this.files = files;
        this.runs = runs;
        this.runViews = runViews;
        this.fileService = fileService;
        this.workflows = workflows;
        this.links = links;
    }

    public Conversation create(Caller caller) {
        Instant now = Instant.now();
        return conversations.save(new Conversation(UUID.randomUUID(), caller.userId(), ParticipantNames.next(), null,
                ConversationStatus.CREATED, null, 0, 0, null, 0, now, now));
    }

    /** The caller's conversations; with {@code everyone} (admins only) all users' conversations. */
    public ConversationPage list(Caller caller, ConversationStatus status, int limit, long offset, boolean everyone) {
        List<Conversation> page;
        long total;
        if (everyone && caller.admin()) {
            page = status == null ? conversations.listAll(limit, offset)
                    : conversations.listAllByStatus(status.name(), limit, offset);
            total = status == null ? conversations.count() : conversations.countByStatus(status);
        } else {
            page = status == null ? conversations.listByOwner(caller.userId(), limit, offset)
                    : conversations.listByOwnerAndStatus(caller.userId(), status.name(), limit, offset);
            total = status == null ? conversations.countByOwner(caller.userId())
                    : conversations.countByOwnerAndStatus(caller.userId(), status);
        }
        return new ConversationPage(page.stream().map(ConversationSummary::of).toList(), page.size(), total, limit, offset);
    }

    public ConversationDetail detail(Conversation c) {
        List<Message> newest = messages.pageBefore(c.id(), Long.MAX_VALUE, DETAIL_MESSAGES + 1);
        boolean more = newest.size() > DETAIL_MESSAGES;
        Map<UUID, Integer> positions = QueuePositions.of(newest, c.id(), messages);
        List<MessageView> history = new ArrayList<>(newest.stream().limit(DETAIL_MESSAGES)
                .map(m -> MessageView.of(m, positions)).toList());
        Collections.reverse(history);
        List<FileView> fileViews = files.findByConversationIdOrderByCreatedAt(c.id()).stream()
                .map(f -> FileView.of(f, links.fileDownload(c.id(), f.id()))).toList();
        return new ConversationDetail(c.id(), c.participantName(), c.title(), c.status(), c.preview(),
                c.messageCount(), c.fileCount(), c.lastRunStatus(), c.lastEventSeq(), c.createdAt(), c.updatedAt(),
                history, more, fileViews, runViews.views(runs.findByConversationIdOrderByCreatedAt(c.id())),
                ConversationSummary.partitionKey(c), Map.of());
    }

    public MessagePage messages(Conversation c, int limit, Long before) {
        List<Message> newestFirst = messages.pageBefore(c.id(), before == null ? Long.MAX_VALUE : before, limit);
        Map<UUID, Integer> positions = QueuePositions.of(newestFirst, c.id(), messages);
        List<MessageView> page = new ArrayList<>(newestFirst.stream().map(m -> MessageView.of(m, positions)).toList());
        Collections.reverse(page);
        Long next = page.isEmpty() || page.get(0).number() <= 1 ? null : page.get(0).number();
        return new MessagePage(page, next);
    }

    /** A partial update: writing back the row read earlier would move the counters and last_event_seq backwards. */
    public Conversation rename(Conversation c, String title) {
        conversations.updateTitle(c.id(), title, Instant.now());
        return conversations.findById(c.id()).orElseThrow(() -> ApiException.notFound("Conversation not found"));
    }

    /**
     * Stops the conversation's runs (waiting for running steps to stop), removes its stored objects, then its rows
     * (cascading), then its objects again: a step still running past the wait may have stored an output in
     * between, and once the rows are gone no new file row can be recorded for it.
     */
    public void delete(Conversation c) throws IOException {
        if (!workflows.cancelAllOf(c, RUNS_STOP_WAIT)) {
            LOG.warn("Conversation {} is deleted while a run of it is still stopping", c.id());
        }
        fileService.deleteObjectsOf(c.id());
        conversations.deleteById(c.id());
        fileService.deleteObjectsOf(c.id());
    }
}
