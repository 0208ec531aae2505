package io.sheetflow.archive;

import io.sheetflow.file.FileNames;

import java.util.Optional;

/**
 * Which entry names an archive may contain. Names are only ever compared with the manifest, never used as paths,
 * but a name that would escape a directory on extraction (Pycelize's tar-slip) is refused outright.
 */
final class EntryNames {
    private EntryNames() {
    }

    /** Why {@code name} is unsafe, or empty when it is a plain relative path. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("has an empty name");
        }
        if (name.indexOf('\0') >= 0 || name.chars().anyMatch(ch -> ch < 0x20)) {
            return Optional.of("has control characters in its name");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("contains a backslash");
        }
        if (name.startsWith("/")) {
            return Optional.of("is an absolute path");
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return Optional.of("starts with a drive letter");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("has a '..' segment");
            }
            if (segment.equals(".")) {
                return Optional.of("has a '.' segment");
            }
        }
        if (name.contains("//")) {
            return Optional.of("has an empty path segment");
        }
        return Optional.empty();
    }

    /** A display name as the last segment of an entry name (display names are sanitised on the way in already). */
    static String safeLeaf(String displayName) {
        String leaf = FileNames.sanitise(displayName);
        if (leaf.isEmpty() || leaf.equals(".") || leaf.equals("..")) {
            return "file";
        }
        return leaf;
    }
}
