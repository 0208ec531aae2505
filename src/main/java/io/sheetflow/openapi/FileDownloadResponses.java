package io.sheetflow.openapi;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document only: the answers of a file download (file/FileDownloads): the bytes with the file's
 * own content type, a byte range ({@code Range}, {@code If-Range}), not modified ({@code If-None-Match},
 * {@code If-Modified-Since}), the presigned S3 redirect on AWS, and an unsatisfiable range.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "200", description = "The file, with its own content type (e.g. text/csv, "
        + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet), ETag and Last-Modified",
        content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
@ApiResponse(responseCode = "206", description = "The byte range the Range header asked for",
        headers = @Header(name = "Content-Range", schema = @Schema(type = "string"), description = "bytes first-last/size"),
        content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
@ApiResponse(responseCode = "304", description = "Not modified since the ETag (If-None-Match) or date (If-Modified-Since) sent")
@ApiResponse(responseCode = "307", description = "With presigned downloads (AWS): the file's presigned S3 URL in Location")
@ApiResponse(responseCode = "416", description = "The Range asked lies outside the file (Content-Range: bytes */size)")
public @interface FileDownloadResponses {
}
