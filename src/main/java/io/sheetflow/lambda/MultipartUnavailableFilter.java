package io.sheetflow.lambda;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.sheetflow.api.Envelopes;

import java.util.Map;

/**
 * Multipart bodies cannot pass the API Gateway proxy adapter (micronaut-aws issue 270), so on Lambda the
 * multipart upload and the one-shot {@code /api/v1/<operation>} endpoints answer 415 pointing to direct uploads.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Requires(env = "lambda")
public class MultipartUnavailableFilter {
    static final String MESSAGE = "Multipart uploads are not available on this deployment (AWS Lambda behind API Gateway): "
            + "upload with POST /api/v1/chat/workflows/{chat_id}/uploads, PUT the file to the upload_url it returns, "
            + "then POST .../uploads/{file_id}/complete";

    private final Envelopes envelopes;

    public MultipartUnavailableFilter(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseMultipart(HttpRequest<?> request) {
        boolean multipart = request.getContentType()
                .map(type -> type.matches(MediaType.MULTIPART_FORM_DATA_TYPE)).orElse(false);
        if (!multipart) {
            return null;
        }
        return envelopes.error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "MultipartUnavailable", MESSAGE,
                Map.of("direct_upload", "/api/v1/chat/workflows/{chat_id}/uploads"));
    }
}
