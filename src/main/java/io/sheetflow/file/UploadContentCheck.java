package io.sheetflow.file;

import io.sheetflow.sheet.SheetFormat;

import java.util.Optional;

/** Checks that an upload's first bytes agree with its extension (so a renamed binary is refused). */
final class UploadContentCheck {
    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    private UploadContentCheck() {
    }

    /** @return a message naming the mismatch, or empty when the content fits the format */
    static Optional<String> mismatch(SheetFormat format, byte[] head, int length) {
        boolean ok = switch (format) {
            // Encrypted (password-protected) xlsx files are OLE2 containers; the reader explains them.
            case XLSX -> startsWith(head, length, ZIP) || startsWith(head, length, OLE2);
            case XLS -> startsWith(head, length, OLE2);
            case CSV -> isText(head, length);
            case JSON -> isText(head, length) && startsLikeJson(head, length);
            default -> false;
        };
        return ok ? Optional.empty()
                : Optional.of("The file content is not " + describe(format) + " (it does not match the ."
                + format.extension() + " extension)");
    }

    private static String describe(SheetFormat format) {
        return switch (format) {
            case XLSX -> "an Excel .xlsx workbook";
            case XLS -> "an Excel 97-2003 .xls workbook";
            case CSV -> "CSV text";
            case JSON -> "JSON";
            default -> format.extension();
        };
    }

    private static boolean startsWith(byte[] head, int length, byte[] magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(byte[] head, int length) {
        boolean utf16Bom = length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE)
                || (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF));
        if (utf16Bom) {
            return true;
        }
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        return !startsWith(head, length, ZIP) && !startsWith(head, length, OLE2);
    }

    private static boolean startsLikeJson(byte[] head, int length) {
        int i = length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
        while (i < length && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < length && (head[i] == '{' || head[i] == '[');
    }
}
