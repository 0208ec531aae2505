package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PendingPlan;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic, offline planner: keyword rules over the request and the files' facts, never the files
 * themselves. Every suggestion is checked by {@link SuggestionValidator}; what cannot be checked or filled
 * becomes one question (with the partial plan pending) or a plain "not understood".
 */
@Singleton
@Named("rules")
public class RulesPlanner implements Planner {

    static final String CAPABILITIES = "I can take columns, rename them, normalize values (trim, case, phone, e-mail,"
            + " dates, rounding...), filter rows, remove duplicates, bind two files on a key, convert between CSV and"
            + " Excel, and write JSON or SQL INSERT statements.";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern ORDINAL = Pattern.compile("\\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|[1-9])\\b");

    private final SuggestionValidator validator;

    public RulesPlanner(SuggestionValidator validator) {
        this.validator = validator;
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public PlanOutcome plan(PlanRequest request, TextSink deltas) {
        String text = request.text() == null ? "" : request.text().strip();
        if (text.isEmpty()) {
            return new PlanOutcome.NotUnderstood("Tell me what to do with your files. " + CAPABILITIES);
        }
        PendingPlan pending = request.pending();
        if (pending != null && pending.slots() != null && pending.slots().hasNonNull("text")) {
            return answer(pending, text, request.files());
        }
        return plan(text, request.files(), Hints.NONE);
    }

    private PlanOutcome plan(String text, List<FileFacts> files, Hints hints) {
        WorkflowDraft draft = new WorkflowDraft(text, files, hints);
        try {
            draft.run();
        } catch (NeedAnswer question) {
            return question(text, draft, hints, question);
        } catch (CannotPlan refusal) {
            return new PlanOutcome.NotUnderstood(refusal.getMessage());
        }
        Optional<String> problem = validator.problem(draft.steps());
        if (problem.isPresent()) {
            return new PlanOutcome.NotUnderstood("I could not build a valid workflow for that (" + problem.get()
                    + "). Could you rephrase it?");
        }
        return new PlanOutcome.Suggestion(StepDescriptions.describe(draft.input().name(), draft.steps()),
                draft.intent(), draft.input().id(), draft.steps());
    }

    private static PlanOutcome question(String text, WorkflowDraft draft, Hints hints, NeedAnswer question) {
        ObjectNode slots = JSON.objectNode();
        slots.put("text", text);
        slots.set("hints", HintsJson.write(hints));
        if (!question.phrase().isEmpty()) {
            slots.put("phrase", question.phrase());
        }
        slots.set("choices", HintsJson.array(question.choices()));
        slots.set("suggestions", HintsJson.array(question.suggestions()));
        String intent = draft.intent() == null ? "unknown" : draft.intent();
        String inputId = draft.input() == null ? null : draft.input().id();
        return new PlanOutcome.Question(question.getMessage(),
                new PendingPlan(intent, inputId, draft.steps(), question.missing(), slots));
    }

    /** The answer to the pending question fills its slot; the original request is then planned again. */
    private PlanOutcome answer(PendingPlan pending, String answer, List<FileFacts> files) {
        ObjectNode slots = pending.slots();
        String original = slots.get("text").asText();
        Hints hints = HintsJson.read(slots.get("hints"));
        List<String> choices = listOrEmpty(slots.get("choices"));
        List<String> suggestions = listOrEmpty(slots.get("suggestions"));
        Replies.Reply reply = Replies.classify(answer);
        if (reply == Replies.Reply.DISCARD) {
            return new PlanOutcome.NotUnderstood("All right, I dropped that request. What would you like to do instead?");
        }
        Hints answered = switch (pending.missing() == null ? "" : pending.missing()) {
            case "file" -> file(answer, files, choices).map(f -> hints.withInputFile(f.id())).orElse(null);
            case "bind_file" -> file(answer, files, choices).map(f -> hints.withBindFile(f.id())).orElse(null);
            case "column" -> {
                String phrase = slots.path("phrase").asText("");
                if (reply == Replies.Reply.CONFIRM && suggestions.size() == 1) {
                    yield hints.withCorrection(phrase, suggestions.get(0));
                }
                List<String> named = columns(answer, choices);
                yield named.size() == 1 ? hints.withCorrection(phrase, named.get(0)) : null;
            }
            case "columns" -> {
                List<String> named = columns(answer, choices);
                yield named.isEmpty() ? null : hints.withColumns(named);
            }
            case "key" -> {
                List<String> named = columns(answer, choices);
                yield named.isEmpty() ? null : hints.withKeyColumns(named);
            }
            case "table_name" -> {
                Matcher m = IDENTIFIER.matcher(answer.replaceAll("(?i)\\b(?:the|table|named|called|call it|use|into|please|it|is)\\b", " "));
                yield m.find() ? hints.withTableName(m.group()) : null;
            }
            case "format" -> {
                String lower = answer.toLowerCase();
                if (lower.contains("csv")) {
                    yield hints.withFormat("csv");
                }
                if (lower.contains("json")) {
                    yield hints.withFormat("json");
                }
                yield lower.matches("(?s).*\\b(?:excel|xlsx|spreadsheet|workbook)\\b.*") ? hints.withFormat("excel") : null;
            }
            default -> null;
        };
        if (answered != null) {
            return plan(original, files, answered);
        }
        boolean newRequest = !ClauseSplitter.split(new RequestText(answer)).isEmpty();
        if (Set.of("mapping", "condition").contains(pending.missing())) {
            return plan(original + " " + answer, files, hints);
        }
        if (newRequest) {
            return plan(answer, files, pending.inputFileId() == null ? Hints.NONE : Hints.NONE.withInputFile(pending.inputFileId()));
        }
        // not an answer: ask again
        return plan(original, files, hints);
    }

    private static Optional<FileFacts> file(String answer, List<FileFacts> files, List<String> choices) {
        RequestText text = new RequestText(answer);
        List<FileResolver.FileMention> mentions = FileResolver.mentions(text, files);
        if (!mentions.isEmpty()) {
            return Optional.of(mentions.get(0).file());
        }
        Matcher ordinal = ORDINAL.matcher(answer.toLowerCase());
        if (ordinal.find() && !choices.isEmpty()) {
            int index = switch (ordinal.group(1)) {
                case "first", "1st", "1" -> 0;
                case "second", "2nd", "2" -> 1;
                case "third", "3rd", "3" -> 2;
                case "fourth", "4th", "4" -> 3;
                case "fifth", "5th", "5" -> 4;
                default -> Integer.parseInt(ordinal.group(1)) - 1;
            };
            if (index < choices.size()) {
                String name = choices.get(index);
                return files.stream().filter(f -> f.name().equals(name)).findFirst();
            }
        }
        List<FileFacts> candidates = FileResolver.candidates(files);
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static List<String> columns(String answer, List<String> choices) {
        List<ColumnFacts> facts = choices.stream().map(c -> new ColumnFacts(c, "text", List.of())).toList();
        java.util.List<String> named = new java.util.ArrayList<>();
        ColumnMatch whole = ColumnMatcher.resolve(Phrases.strip(answer), facts, java.util.Map.of());
        if (whole instanceof ColumnMatch.Found found) {
            return List.of(found.column().name());
        }
        for (String item : Phrases.items(Words.lowerSameLength(answer))) {
            if (ColumnMatcher.resolve(item, facts, java.util.Map.of()) instanceof ColumnMatch.Found found
                    && !named.contains(found.column().name())) {
                named.add(found.column().name());
            }
        }
        return named;
    }

    private static List<String> listOrEmpty(JsonNode node) {
        List<String> values = HintsJson.list(node);
        return values == null ? List.of() : values;
    }
}
