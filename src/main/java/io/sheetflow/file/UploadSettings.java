package io.sheetflow.file;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/** {@code sheetflow.upload.*} */
@ConfigurationProperties("sheetflow.upload")
public record UploadSettings(
        @Bindable(defaultValue = "104857600") long maxBytes,
        @Bindable(defaultValue = "xlsx,xls,csv,json") List<String> allowedExtensions) {
}
