package io.sheetflow.assistant.bot;

/**
 * The Pycelize chatbot's conversation states, derived from what is stored (a pending suggestion, an open
 * question, an active run, the last run's end) instead of kept in memory, so every request sees the same state.
 */
enum BotState {
    IDLE, AWAITING_FILE, AWAITING_CONFIRMATION, AWAITING_PARAMETERS, PROCESSING, COMPLETED, FAILED, CANCELLED;

    String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
