package io.sheetflow.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the framework's JSON binding errors (which name internal classes and parser internals) into a message
 * for the client: where in the body, and what kind of problem.
 */
final class JsonErrorMessages {
    private static final Pattern CHAIN_STEP = Pattern.compile("\\[\"([^\"]*)\"]|\\[(\\d+)]");

    private JsonErrorMessages() {
    }

    static boolean isBindingError(String message) {
        return message != null && (message.contains("Failed to convert argument") || message.contains("[Source:")
                || message.contains("JSON") || message.contains("Cannot deserialize") || message.contains("Cannot construct"));
    }

    static String sanitise(String message) {
        String path = path(message);
        return "Invalid JSON body" + (path.isEmpty() ? "" : " at '" + path + "'") + ": " + kind(message);
    }

    private static String kind(String message) {
        if (message.contains("end-of-input")) {
            return "the JSON ends too early";
        }
        if (message.contains("nesting depth")) {
            return "it is nested too deeply";
        }
        if (message.contains("document length")) {
            return "it is too large";
        }
        if (message.contains("Unexpected character") || message.contains("Unrecognized token")) {
            return "it is not valid JSON";
        }
        if (message.contains("Unrecognized field")) {
            return "unknown field";
        }
        if (message.contains("Cannot construct") || message.contains("Cannot deserialize")
                || message.contains("Mismatched")) {
            return "a value has the wrong type";
        }
        return "it could not be read";
    }

    /** {@code (through reference chain: X["steps"]->java.util.ArrayList[0])} becomes {@code steps[0]}. */
    private static String path(String message) {
        int chain = message.indexOf("reference chain:");
        if (chain < 0) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        Matcher m = CHAIN_STEP.matcher(message.substring(chain));
        while (m.find()) {
            if (m.group(1) != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(m.group(1));
            } else {
                path.append('[').append(m.group(2)).append(']');
            }
        }
        return path.toString();
    }
}
