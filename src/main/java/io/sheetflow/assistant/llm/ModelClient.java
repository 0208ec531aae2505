package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.function.Consumer;

/**
 * One streamed model call: the prompt's messages ({@code role} system, user or assistant, and {@code content})
 * and the tools in the chat-completions shape ({@link PlanPrompt}, {@link PlanTools}); each provider's client
 * translates them to its protocol ({@link ChatCompletionsClient}, {@link BedrockConverseClient}).
 */
public interface ModelClient {

    /**
     * Streams the answer's text to {@code content} in order and returns the whole answer.
     *
     * @throws ModelUnavailable for a connection failure, a timeout, an error status or an unreadable stream
     */
    ModelReply complete(ArrayNode messages, ArrayNode tools, Consumer<String> content);
}
