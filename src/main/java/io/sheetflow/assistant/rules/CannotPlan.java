package io.sheetflow.assistant.rules;

/** The request asks for something the operations cannot do, or makes no sense for these files. */
final class CannotPlan extends RuntimeException {

    CannotPlan(String message) {
        super(message, null, false, false);
    }
}
