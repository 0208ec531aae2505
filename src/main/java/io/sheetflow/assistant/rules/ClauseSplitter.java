package io.sheetflow.assistant.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Cuts a request into clauses at their trigger words, in text order: "take email and name from X, drop
 * duplicates and give me a CSV" is an extract, a dedupe and a CSV clause. Where triggers overlap the longer one
 * wins; neighbouring clauses of one kind are one clause ("find customers where ...").
 */
final class ClauseSplitter {

    private record Trigger(ClauseKind kind, int start, int end) {
    }

    private ClauseSplitter() {
    }

    static List<Clause> split(RequestText text) {
        String lower = text.lower();
        List<Trigger> triggers = new ArrayList<>();
        for (ClauseKind kind : ClauseKind.values()) {
            Matcher m = kind.trigger().matcher(lower);
            while (m.find()) {
                triggers.add(new Trigger(kind, m.start(), m.end()));
            }
        }
        // longest first at each start; enum order breaks ties (UNSUPPORTED first, EXTRACT last)
        triggers.sort(Comparator.comparingInt(Trigger::start).thenComparingInt(t -> t.start() - t.end())
                .thenComparing(Trigger::kind));
        List<Trigger> kept = new ArrayList<>();
        int covered = -1;
        for (Trigger trigger : triggers) {
            if (trigger.start() >= covered) {
                kept.add(trigger);
                covered = trigger.end();
            }
        }
        List<Clause> clauses = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Trigger t = kept.get(i);
            int end = i + 1 < kept.size() ? kept.get(i + 1).start() : text.length();
            Clause clause = new Clause(t.kind(), t.start(), t.end(), end);
            Clause last = clauses.isEmpty() ? null : clauses.get(clauses.size() - 1);
            if (last != null && last.kind() == t.kind() && t.kind() != ClauseKind.NORMALIZE) {
                clauses.set(clauses.size() - 1, last.extendedTo(end));
            } else {
                clauses.add(clause);
            }
        }
        return clauses;
    }
}
