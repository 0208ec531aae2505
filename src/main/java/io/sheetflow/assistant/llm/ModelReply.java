package io.sheetflow.assistant.llm;

import java.util.List;

/** A model's complete streamed answer: its text and the tool calls it made, each with its arguments' JSON text. */
public record ModelReply(String content, List<ToolCall> toolCalls) {
    public ModelReply {
        toolCalls = List.copyOf(toolCalls);
    }

    public record ToolCall(String id, String name, String arguments) {
    }
}
