package io.sheetflow.api;

/** Query parameters parsed with errors that name the parameter (422, never 500). */
public final class QueryParams {
    private QueryParams() {
    }

    public static long nonNegative(String field, String raw, long defaultValue) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < 0) {
                throw ApiException.invalid(field, field + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, field + " must be a whole number, got '" + raw + "'");
        }
    }

    public static int limit(String field, String raw, int defaultValue, int max) {
        long value = nonNegative(field, raw, defaultValue);
        if (value < 1 || value > max) {
            throw ApiException.invalid(field, field + " must be between 1 and " + max);
        }
        return (int) value;
    }

    /** {@code true}/{@code false} (also {@code 1}/{@code 0}), any case; absent or blank is the default. */
    public static boolean bool(String field, String raw, boolean defaultValue) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.invalid(field, field + " must be true or false, got '" + raw + "'");
        };
    }
}
