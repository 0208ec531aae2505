package io.sheetflow.archive;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sheetflow.archive.*}: the limits a restored archive must stay within. Sizes are counted while the bytes
 * arrive or inflate, never taken from the archive's own (forgeable) headers alone.
 */
@ConfigurationProperties("sheetflow.archive")
public record ArchiveSettings(
        /* the uploaded archive itself, as received */
        @Bindable(defaultValue = "1073741824") long maxArchiveBytes,
        /* all entries together, uncompressed */
        @Bindable(defaultValue = "2147483648") long maxTotalBytes,
        /* one entry, uncompressed */
        @Bindable(defaultValue = "1073741824") long maxEntryBytes,
        @Bindable(defaultValue = "10000") int maxEntries,
        /* manifest.json, uncompressed: it is parsed in memory */
        @Bindable(defaultValue = "67108864") long maxManifestBytes,
        /* uncompressed / compressed bytes of an entry, checked while inflating once past ratio-grace-bytes */
        @Bindable(defaultValue = "100") int maxCompressionRatio,
        @Bindable(defaultValue = "1048576") long ratioGraceBytes) {
}
