package io.sheetflow.archive;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sheetflow.api.ApiMeta;
import io.sheetflow.conversation.ConversationDetail;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.annotation.ElementType;
import java.util.List;
import java.util.Map;

/**
 * For the OpenAPI document only: what restore answers in {@code data}, the conversation as {@code GET} answers it
 * plus the fields Pycelize's restore answered (each message's {@code message_type} too, beside {@code type}).
 * The controller builds it as a JSON tree, since {@code message_type} sits inside the messages.
 */
@Schema(name = "RestoredConversation", description = "The restored conversation, with Pycelize's fields beside ours")
record RestoredConversation(@JsonUnwrapped ConversationDetail conversation,
                            @Schema(description = "Uploaded files, name and download URL each") List<Map<String, Object>> uploadedFiles,
                            @Schema(description = "Output files, name and download URL each") List<Map<String, Object>> outputFiles,
                            @Schema(description = "Every run's steps, oldest first, with Pycelize's names") List<Map<String, Object>> workflowSteps) {

    @Schema(name = "ApiResponse_RestoredConversation_", description = "The envelope with the restored conversation as data")
    record Envelope(RestoredConversation data, String message, ApiMeta meta, int statusCode, long total) {
    }

    /** The 201 of both restore routes. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "201", description = "Restored as a new conversation of the caller (Location: its URL)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Envelope.class)))
    @interface Documented {
    }
}
