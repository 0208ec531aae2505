package io.sheetflow.event;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.QueryParams;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.security.CallerResolver;

import java.util.List;

/** The event log over REST: the fallback when WebSockets are unavailable, same events as live. */
@Controller(Links.CHATS)
@Tag(name = "events")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class EventController {
    private static final int MAX_LIMIT = 5000;

    private final EventLog log;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;

    public EventController(EventLog log, ConversationAccess access, CallerResolver callers, Envelopes envelopes) {
        this.log = log;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
    }

    @Operation(operationId = "listEvents")
    @Get("/{chatId}/events")
    public HttpResponse<ApiResponse<EventPage>> events(HttpRequest<?> request, @PathVariable String chatId,
                                  @Nullable @QueryValue String since, @Nullable @QueryValue String limit) {
        Conversation c = access.require(callers.resolve(request), chatId);
        long after = QueryParams.nonNegative("since", since, 0);
        int max = QueryParams.limit("limit", limit, 1000, MAX_LIMIT);
        List<StoredEvent> events = log.since(c.id(), after, max);
        long last = events.isEmpty() ? after : events.get(events.size() - 1).seq();
        long latest = log.latestSeq(c.id());
        return envelopes.ok(new EventPage(events.stream().map(e -> new RawEvent(e.json())).toList(), last, latest,
                last < latest), "Events retrieved successfully", events.size());
    }

    /** {@code last_seq}: pass it as {@code since} to continue; {@code has_more}: more are stored already. */
    public record EventPage(List<RawEvent> events, long lastSeq, long latestSeq, boolean hasMore) {
    }

    /** An event exactly as stored and sent: its JSON text, written as is. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "Event", type = "object",
            additionalProperties = io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue.TRUE,
            description = "An event exactly as the WebSocket sends it (docs/events.md: `seq`, `type`, `chat_id`, "
                    + "`at` and the type's own fields)")
    public record RawEvent(@io.swagger.v3.oas.annotations.media.Schema(hidden = true) @JsonValue @JsonRawValue String json) {
    }
}
