package io.sheetflow.openapi;

import io.micronaut.http.MediaType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document only: the multipart forms the upload endpoints read with file/MultipartFileStream
 * (the routes take the raw body, so the generator cannot see the parts).
 */
public final class UploadForms {
    private UploadForms() {
    }

    @Schema(name = "FileUploadForm", description = "One file in the part `file` (other parts are skipped)",
            requiredProperties = "file")
    public record FileUpload(@Schema(type = "string", format = "binary") String file) {
    }

    @Schema(name = "ArchiveUploadForm", description = "The archive in the part `file` (or `dump_file`, Pycelize's name)")
    public record ArchiveUpload(@Schema(type = "string", format = "binary") String file,
                                @Schema(type = "string", format = "binary") String dumpFile) {
    }

    @Schema(name = "OperationForm", description = """
            The input file in the part `file` and the operation's arguments as text parts, arrays and objects as \
            JSON text (as in Pycelize). The operation of `/api/v1/x/y` is the step operation `x/y`: its arguments are \
            the schema `OperationArguments.x.y`.""", requiredProperties = "file",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record OperationUpload(@Schema(type = "string", format = "binary") String file) {
    }

    @Schema(name = "KeyedBindForm", description = """
            Two files, `source_file` and `bind_file`, and the operation's arguments as text parts (arrays and \
            objects as JSON text).""", requiredProperties = {"source_file", "bind_file"},
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record KeyedBind(@Schema(type = "string", format = "binary") String sourceFile,
                            @Schema(type = "string", format = "binary") String bindFile) {
    }

    @Schema(name = "PositionalBindForm", description = """
            Two files, `target_file` and `source_file` (bound into the target), and the operation's arguments as \
            text parts (arrays and objects as JSON text).""", requiredProperties = {"target_file", "source_file"},
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    public record PositionalBind(@Schema(type = "string", format = "binary") String targetFile,
                                 @Schema(type = "string", format = "binary") String sourceFile) {
    }

    /** On an upload route: its multipart body is a {@link FileUpload}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = FileUpload.class)))
    public @interface FileBody {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = ArchiveUpload.class)))
    public @interface ArchiveBody {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = OperationUpload.class)))
    public @interface OperationBody {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = KeyedBind.class)))
    public @interface KeyedBindBody {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = PositionalBind.class)))
    public @interface PositionalBindBody {
    }
}
