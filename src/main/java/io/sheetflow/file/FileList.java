package io.sheetflow.file;

import java.util.List;

/** A conversation's files, oldest first. */
public record FileList(List<FileView> files, int count) {
}
