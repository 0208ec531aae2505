package io.sheetflow.assistant.rules;

import java.util.Set;

/**
 * Classifies a short reply to a suggested workflow: run it, drop it, or anything else (a new request or a
 * change). The caller decides what to do with the suggestion; the planner never sees a plain "yes".
 */
public final class Replies {

    /** What a reply to a suggestion means. */
    public enum Reply { CONFIRM, DISCARD, OTHER }

    private static final Set<String> CONFIRM = Set.of("yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay",
            "go", "go ahead", "go for it", "run", "run it", "do it", "proceed", "continue", "confirm", "confirmed",
            "yes please", "please do", "sounds good", "looks good", "perfect", "lgtm", "start", "execute", "oui", "si");
    private static final Set<String> DISCARD = Set.of("no", "n", "nope", "nah", "cancel", "stop", "quit", "abort",
            "discard", "forget it", "never mind", "nevermind", "no thanks", "no thank you", "dont", "don t", "do not",
            "drop it", "non");

    private Replies() {
    }

    public static Reply classify(String text) {
        String folded = Words.fold(text == null ? "" : text).replaceAll("\\b(please|thanks|thank you)\\b", " ")
                .replaceAll("\\s+", " ").strip();
        if (folded.isEmpty()) {
            return Reply.OTHER;
        }
        if (CONFIRM.contains(folded) || CONFIRM.contains(folded.replaceAll("^(yes|ok|okay) ", ""))) {
            return Reply.CONFIRM;
        }
        if (DISCARD.contains(folded) || DISCARD.contains(folded.replaceAll("^no ", ""))) {
            return Reply.DISCARD;
        }
        return Reply.OTHER;
    }
}
