package io.sheetflow.archive;

/** Names fixed by the archive format. */
public final class ArchiveFormat {
    public static final String NAME = "sheetflow-conversation-archive";
    public static final int VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String FILES_PREFIX = "files/";
    public static final String MEDIA_TYPE = "application/zip";

    private ArchiveFormat() {
    }
}
