package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.sheetflow.event.EventPayload;
import io.sheetflow.event.EventTypes;

import java.util.List;
import java.util.Map;

/**
 * The events of an assistant reply: queued (again whenever replies ahead of it end), started, its text in chunks,
 * then the final message (complete or error).
 */
public sealed interface AssistantEvent extends EventPayload {

    /**
     * The reply {@code message_id} to {@code reply_to} waits with {@code queue_position} replies of its conversation
     * ahead of it (see {@code conversation/QueuePositions}); sent when it is queued and each time that number drops.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Queued(String messageId, @Nullable String replyTo, int queuePosition) implements AssistantEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.ASSISTANT_QUEUED;
        }
    }

    /** The reply {@code message_id} to the user's message {@code reply_to} is being worked on. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Started(String messageId, @Nullable String replyTo) implements AssistantEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.ASSISTANT_STARTED;
        }
    }

    /** The next chunk of the reply's text; {@code index} counts from 0, chunks arrive in order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Delta(String messageId, int index, String text) implements AssistantEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.ASSISTANT_DELTA;
        }
    }

    /**
     * The reply's final text ({@code state} {@code complete} or {@code error}), with the workflow it offers
     * ({@code suggestion}) or the question it asks ({@code question}), else null.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Message(String messageId, @Nullable String replyTo, String state, String text,
                   @Nullable SuggestionView suggestion, @Nullable QuestionView question) implements AssistantEvent {
        @Override
        @JsonIgnore
        public String type() {
            return EventTypes.ASSISTANT_MESSAGE;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SuggestionView(String suggestionId, String intent, List<Map<String, Object>> steps, String inputFileId,
                          @Nullable Map<String, Object> preview) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record QuestionView(String questionId, String missing) {
    }
}
