package io.sheetflow.sheet;

/** Excel's rules for worksheet names. */
public final class ExcelSheetNames {

    public static final int MAX_LENGTH = 31;
    /** The sheet that describes a written workbook (see {@link WriteOptions#includeInfoSheet()}). */
    public static final String INFO_SHEET = "Info";
    private static final String FORBIDDEN = "[]:*?/\\";

    private ExcelSheetNames() {
    }

    /** Why {@code name} cannot name a worksheet, or {@code null} when it can. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "Sheet name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "Sheet name must be at most " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            if (FORBIDDEN.indexOf(name.charAt(i)) >= 0 || Character.isISOControl(name.charAt(i))) {
                return "Sheet name must not contain any of [ ] : * ? / \\";
            }
        }
        if (name.startsWith("'") || name.endsWith("'")) {
            return "Sheet name must not start or end with an apostrophe";
        }
        return null;
    }

    /** Like {@link #problem(String)}, for a data sheet written next to the {@value #INFO_SHEET} sheet. */
    public static String problemBesideInfoSheet(String name) {
        if (INFO_SHEET.equalsIgnoreCase(name)) {
            return "Sheet name '" + name + "' is taken by the Info sheet";
        }
        return problem(name);
    }
}
