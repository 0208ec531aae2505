package io.sheetflow.assistant.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.assistant.SheetFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One planning pass over a request: finds the files, cuts the text into clauses and turns each clause into a
 * step, following the table as it changes (columns after an extract or a rename, the format after a
 * conversion). Throws {@link NeedAnswer} or {@link CannotPlan}; what it built so far stays readable for the
 * pending plan.
 */
final class WorkflowDraft {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern FROM = Pattern.compile("\\b(?:from|out of|in|of|on)\\b(?=\\s*(?:#|the\\b|this\\b|that\\b|my\\b|it\\b|$))|\\bfrom\\b");
    private static final Pattern BARE_COMPARISON = Pattern.compile("\\b(?:is|are|equals?|contains?|over|under|above|below|"
            + "greater|less|more|fewer|between|after|before|at least|at most|starts? with|ends? with)\\b");
    private static final Pattern OPERATOR_TRIGGER = Pattern.compile("^(?:signed up|registered|joined|created|ordered|placed|"
            + "born|bought|purchased) (?:after|before|since|in|on|between)$");
    private static final Pattern KEY_NAMED = Pattern.compile("\\b(?:on|using|via|match(?:ing)? on|based on|keyed by|key)\\s+\\S");
    private static final Pattern ALL_COLUMNS = Pattern.compile("\\b(?:all|every)(?: the| of the)? (?:columns|fields)\\b|\\beverything\\b|\\ball of it\\b");
    private static final Pattern TABLE = Pattern.compile("\\btable(?: named| called)?\\s+[`\"']?([a-z_][a-z0-9_.]*)|\\binto\\s+(?:the\\s+)?[`\"']?([a-z_][a-z0-9_.]*)|\\b([a-z_][a-z0-9_.]*)\\s+table\\b");
    private static final Set<String> NOT_TABLE = Set.of("the", "a", "an", "my", "our", "this", "that", "statements",
            "statement", "with", "for", "using", "and", "sql", "insert", "inserts", "database", "postgres", "postgresql",
            "mysql", "sqlite", "it", "them", "one", "table", "named", "called", "same", "new", "to", "into");
    private static final Pattern SQL_WORDS = Pattern.compile("\\b(?:generate|create|make|write|build|produce|give me|i want|i need|"
            + "sql|insert statements?|inserts?|insert into|insert queries|queries|query|statements?|database|db|postgres(?:ql)?|pg|psql|"
            + "mysql|mariadb|sqlite|for|the|a|an|table(?: named| called)?|into|please|script|file|dialect|in|as|of|to|from|with|using|"
            + "columns?|fields?|only|and|then|rows?|data|all|everything)\\b");
    private static final Pattern JSON_WORDS = Pattern.compile("\\b(?:generate|create|make|write|build|produce|give me|export|"
            + "convert|turn|save|i want|i need|json|file|format|document|array|output|please|as|to|into|in|a|an|the|of|from|with|using|"
            + "containing|columns?|fields?|keys?|only|and|then|rows?|data|all|everything|it|them|compact|minified|pretty|"
            + "printed|indented|one line|nulls?|empty|missing|values?|skip|omit|exclude|drop|without|no|keep|single object|object)\\b");

    private final RequestText text;
    private final List<FileFacts> files;
    private final Hints hints;
    private final List<PlannedStep> steps = new ArrayList<>();
    private FileFacts input;
    private FileFacts bindFile;
    private SheetFacts inputSheet;
    private boolean inputSheetNamed;
    private SheetFacts bindSheet;
    private boolean bindSheetNamed;
    private List<ColumnFacts> columns = List.of();
    private String format = "";
    private String intent;
    private boolean terminal;
    private boolean pendingDedupe;

    WorkflowDraft(String request, List<FileFacts> files, Hints hints) {
        this.text = new RequestText(request);
        this.files = files;
        this.hints = hints;
    }

    List<PlannedStep> steps() {
        return List.copyOf(steps);
    }

    FileFacts input() {
        return input;
    }

    String intent() {
        return intent;
    }

    /** The request starts with a header of one of the files and then compares it ("email contains ..."). */
    private boolean isBareCondition() {
        String lower = text.lower();
        if (!BARE_COMPARISON.matcher(lower).find()) {
            return false;
        }
        List<String> tokens = Words.tokens(Words.fold(lower));
        List<ColumnFacts> all = files.stream().flatMap(f -> f.sheets().stream()).flatMap(sh -> sh.columns().stream()).toList();
        for (int n = Math.min(2, tokens.size()); n >= 1; n--) {
            ColumnMatch match = ColumnMatcher.resolve(String.join(" ", tokens.subList(0, n)), all, Map.of());
            if (match instanceof ColumnMatch.Found || match instanceof ColumnMatch.Ambiguous) {
                return true;
            }
        }
        return false;
    }

    /** Plans the request; the result is {@link #steps()}. */
    void run() {
        List<FileResolver.FileMention> mentions = FileResolver.mentions(text, files);
        List<FileResolver.SheetMention> sheets = FileResolver.sheets(text, files);
        List<Clause> clauses = ClauseSplitter.split(text);
        for (Clause clause : clauses) {
            if (clause.kind() == ClauseKind.UNSUPPORTED) {
                throw new CannotPlan("I cannot " + text.lower(clause.start(), clause.triggerEnd()).strip()
                        + " yet. " + RulesPlanner.CAPABILITIES);
            }
        }
        clauses = withoutEmptyExtracts(clauses);
        if (clauses.isEmpty() && isBareCondition()) {
            // "status is active and age over 30": a filter said without a verb.
            clauses = List.of(new Clause(ClauseKind.SEARCH, 0, 0, text.length()));
        }
        if (clauses.isEmpty()) {
            throw new CannotPlan("I did not understand what to do. " + RulesPlanner.CAPABILITIES);
        }
        intent = intentOf(clauses);
        chooseFiles(mentions, sheets, clauses);
        clauses = filterBeforeExtract(clauses);
        for (int i = 0; i < clauses.size(); i++) {
            Clause clause = clauses.get(i);
            if (terminal) {
                throw new CannotPlan("I can only write SQL or JSON as the last step of a workflow.");
            }
            switch (clause.kind()) {
                case EXTRACT -> extract(clause);
                case STATS -> stats(clause);
                case DEDUPE -> dedupe(clause, clauses.subList(i + 1, clauses.size()));
                case SEARCH -> search(clause, i == clauses.size() - 2 ? clauses.get(i + 1) : null);
                case NORMALIZE -> {
                    int j = i;
                    while (j + 1 < clauses.size() && clauses.get(j + 1).kind() == ClauseKind.NORMALIZE) {
                        j++;
                    }
                    normalize(clauses.subList(i, j + 1));
                    i = j;
                }
                case SQL -> sql(clause);
                case JSON -> json(clause);
                case TO_CSV -> toCsv(clauses.size() == 1 || onlyConversions(clauses));
                case TO_EXCEL -> toExcel(clauses.size() == 1 || onlyConversions(clauses), clause);
                case CONVERT -> convert(clause, clauses);
                case BIND -> bind(clause);
                case MAP -> map(clause);
                case INFO -> info();
                case OPERATORS -> operators();
                default -> throw new CannotPlan(RulesPlanner.CAPABILITIES);
            }
        }
        if (steps.isEmpty()) {
            throw new CannotPlan("I did not find anything to do with " + input.name() + ". " + RulesPlanner.CAPABILITIES);
        }
    }

    // ---------------------------------------------------------------- files

    private void chooseFiles(List<FileResolver.FileMention> mentions, List<FileResolver.SheetMention> sheets,
                             List<Clause> clauses) {
        List<FileFacts> candidates = FileResolver.candidates(files);
        if (files.isEmpty()) {
            throw new NeedAnswer("Please upload a file first (.xlsx, .xls or .csv); then I will plan this for it.",
                    "file", List.of());
        }
        boolean binding = clauses.stream().anyMatch(c -> c.kind() == ClauseKind.BIND);
        List<FileFacts> named = new ArrayList<>();
        for (FileResolver.FileMention mention : mentions) {
            if (!named.contains(mention.file())) {
                named.add(mention.file());
            }
        }
        if (hints.inputFileId() != null) {
            input = byId(hints.inputFileId());
        }
        if (binding) {
            if (hints.bindFileId() != null) {
                bindFile = byId(hints.bindFileId());
            }
            FileFacts target = null;
            FileFacts source = null;
            for (FileResolver.FileMention mention : mentions) {
                String before = mention.wordBefore();
                if (before.equals("from") || before.equals("with") || before.equals("against")) {
                    source = source == null ? mention.file() : source;
                } else if (before.equals("into") || before.equals("to")) {
                    target = target == null ? mention.file() : target;
                }
            }
            FileFacts from = source;
            if (input == null) {
                input = target != null ? target : named.stream().filter(f -> f != from).findFirst().orElse(null);
            }
            if (bindFile == null) {
                FileFacts chosenInput = input;
                bindFile = source != null && source != input ? source
                        : named.stream().filter(f -> f != chosenInput).findFirst().orElse(null);
            }
            if (input == null && bindFile != null) {
                List<FileFacts> others = candidates.stream().filter(f -> f != bindFile).toList();
                input = pickOne(others, "Which file should I add the columns of " + bindFile.name() + " to: ", "file");
            }
            if (input != null && bindFile == null) {
                List<FileFacts> others = candidates.stream().filter(f -> f != input).toList();
                if (others.isEmpty()) {
                    throw new CannotPlan("To combine files I need a second file: please upload the one to bind with "
                            + input.name() + ".");
                }
                bindFile = pickOne(others, "Which file should I bind to " + input.name() + ": ", "bind_file");
            }
        }
        if (input == null && !named.isEmpty()) {
            input = named.get(0);
        }
        if (input == null) {
            List<FileFacts> bySheet = sheets.stream().map(FileResolver.SheetMention::file).distinct().toList();
            if (bySheet.size() == 1) {
                input = bySheet.get(0);
            }
        }
        if (input == null) {
            input = pickOne(candidates, "Which file should I use: ", "file");
        }
        if (binding && bindFile == null) {
            List<FileFacts> others = candidates.stream().filter(f -> f != input).toList();
            if (others.isEmpty()) {
                throw new CannotPlan("To combine files I need a second file: please upload the one to bind with "
                        + input.name() + ".");
            }
            bindFile = pickOne(others, "Which file should I bind to " + input.name() + ": ", "bind_file");
        }
        if (bindFile == input) {
            throw new CannotPlan("I can only bind two different files.");
        }
        for (FileResolver.SheetMention sheet : sheets) {
            if (sheet.file() == input && inputSheet == null) {
                inputSheet = sheet.sheet();
                inputSheetNamed = true;
            } else if (sheet.file() == bindFile && bindSheet == null) {
                bindSheet = sheet.sheet();
                bindSheetNamed = true;
            }
        }
        if (inputSheet == null) {
            if (input.sheets().isEmpty()) {
                throw new CannotPlan("I do not know the columns of " + input.name() + " yet.");
            }
            inputSheet = input.sheets().get(0);
        }
        if (bindFile != null && bindSheet == null && !bindFile.sheets().isEmpty()) {
            bindSheet = bindFile.sheets().get(0);
        }
        columns = inputSheet.columns();
        format = FileResolver.format(input);
    }

    private FileFacts pickOne(List<FileFacts> choices, String question, String missing) {
        if (choices.size() == 1) {
            return choices.get(0);
        }
        List<String> names = choices.stream().map(FileFacts::name).toList();
        throw new NeedAnswer(question + String.join(", ", names) + "?", missing, names);
    }

    private FileFacts byId(String id) {
        return files.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new CannotPlan("That file is no longer in this conversation."));
    }

    // ---------------------------------------------------------------- clauses

    private static String intentOf(List<Clause> clauses) {
        Clause first = clauses.get(0);
        if (first.kind() == ClauseKind.DEDUPE && clauses.stream().noneMatch(c -> c.kind() == ClauseKind.EXTRACT)) {
            return "normalize_data";
        }
        if (first.kind() == ClauseKind.CONVERT && clauses.size() > 1) {
            return "convert_format";
        }
        return first.kind().intent();
    }

    /** "take the customers file and drop duplicates": an extract naming no column only names the file. */
    private List<Clause> withoutEmptyExtracts(List<Clause> clauses) {
        List<Clause> kept = new ArrayList<>();
        for (Clause clause : clauses) {
            if (clause.kind() == ClauseKind.EXTRACT && clauses.size() > 1 && extractItems(clause).isEmpty()
                    && !ALL_COLUMNS.matcher(text.lower(clause.start(), clause.end())).find()) {
                continue;
            }
            kept.add(clause);
        }
        return kept;
    }

    /** "take email and name where status is active": rows are filtered before the columns are taken. */
    private static List<Clause> filterBeforeExtract(List<Clause> clauses) {
        List<Clause> ordered = new ArrayList<>(clauses);
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).kind() == ClauseKind.SEARCH) {
                int j = i;
                while (j > 0 && (ordered.get(j - 1).kind() == ClauseKind.EXTRACT || ordered.get(j - 1).kind() == ClauseKind.STATS)) {
                    j--;
                }
                if (j < i) {
                    ordered.add(j, ordered.remove(i));
                }
            }
        }
        return ordered;
    }

    private static boolean onlyConversions(List<Clause> clauses) {
        return clauses.stream().allMatch(c -> c.kind() == ClauseKind.CONVERT || c.kind() == ClauseKind.TO_CSV
                || c.kind() == ClauseKind.TO_EXCEL);
    }

    private List<String> extractItems(Clause clause) {
        String phrase = text.lower(clause.triggerEnd(), clause.end());
        Matcher from = FROM.matcher(phrase);
        if (from.find()) {
            phrase = phrase.substring(0, from.start());
        }
        phrase = phrase.replaceAll("\\b(?:unique|distinct|the columns?|columns?|fields?)\\b", " ");
        // Neighbouring extract clauses are one ("take the Orders sheet, keep order_id"): their verbs are no column.
        phrase = ClauseKind.EXTRACT.trigger().matcher(phrase).replaceAll(" ");
        // Where the result goes is not a column: "email_address to a new file" names email_address (the item
        // was dropped whole, and with it a column the user asked for).
        phrase = phrase.replaceAll("\\s*\\b(?:to|into|in|as)\\s+(?:a |an |the )?(?:new |separate |another |single )?"
                + "(?:csv |excel |xlsx |json )?(?:file|sheet|spreadsheet|workbook|copy|table)\\b", " ");
        List<String> items = new ArrayList<>();
        for (String item : Phrases.items(phrase)) {
            if (!Phrases.namesNoColumn(item) && !item.matches(".*\\b(?:csv|excel|xlsx|json|sql|file|copy)\\b.*")) {
                items.add(item);
            }
        }
        return items;
    }

    private void extract(Clause clause) {
        String lower = text.lower(clause.start(), clause.end());
        List<ColumnFacts> chosen;
        List<String> items = extractItems(clause);
        if (ALL_COLUMNS.matcher(lower).find() && items.isEmpty()) {
            chosen = columns;
        } else if (items.isEmpty() && hints.columns() != null) {
            chosen = named(hints.columns());
        } else if (items.isEmpty()) {
            throw new NeedAnswer("Which columns should I take from " + where() + "? Its columns are: "
                    + headers() + ".", "columns", headerList());
        } else {
            chosen = Phrases.columns(items, columns, hints.corrections(), where());
        }
        boolean unique = lower.matches("(?s).*\\b(?:unique|distinct)\\b.*") || pendingDedupe;
        pendingDedupe = false;
        ObjectNode arguments = JSON.objectNode();
        arguments.set("columns", names(chosen));
        arguments.put("remove_duplicates", unique);
        addStep("excel/extract-columns-to-file", arguments, true);
        columns = chosen;
        format = "xlsx";
    }

    private void stats(Clause clause) {
        String trigger = text.lower(clause.start(), clause.triggerEnd());
        String phrase = text.lower(clause.triggerEnd(), clause.end());
        Matcher from = FROM.matcher(phrase);
        if (from.find() && from.start() > 0) {
            String head = phrase.substring(0, from.start());
            if (!Phrases.items(head).isEmpty()) {
                phrase = head;
            }
        }
        List<String> items = new ArrayList<>();
        for (String item : Phrases.items(phrase.replaceAll("\\b(?:of|for|in|on)\\b", ","))) {
            if (!Phrases.namesNoColumn(item)) {
                items.add(item);
            }
        }
        List<ColumnFacts> chosen;
        if (items.isEmpty() && hints.columns() != null) {
            chosen = named(hints.columns());
        } else if (items.isEmpty()) {
            throw new NeedAnswer("Which columns should I describe? " + where() + " has: " + headers() + ".",
                    "columns", headerList());
        } else {
            chosen = Phrases.columns(items, columns, hints.corrections(), where());
        }
        ObjectNode arguments = JSON.objectNode();
        arguments.set("columns", names(chosen));
        arguments.put("remove_duplicates", trigger.contains("distinct") || trigger.contains("unique"));
        arguments.put("include_statistics", true);
        addStep("excel/extract-columns", arguments, true);
    }

    private void dedupe(Clause clause, List<Clause> later) {
        String phrase = text.lower(clause.triggerEnd(), clause.end())
                .replaceAll("\\b(?:by|based on|on|in|of|for|using|per|rows?|records?|entries|lines|values?)\\b", " ");
        List<String> items = new ArrayList<>();
        for (String item : Phrases.items(phrase)) {
            if (!Phrases.namesNoColumn(item) && !item.matches(".*\\b(?:csv|excel|xlsx|json|sql|file)\\b.*")) {
                items.add(item);
            }
        }
        if (!items.isEmpty()) {
            List<ObjectNode> normalizations = new ArrayList<>();
            for (ColumnFacts column : Phrases.columns(items, columns, hints.corrections(), where())) {
                ObjectNode normalization = JSON.objectNode();
                normalization.put("column_name", column.name());
                normalization.put("normalization_type", "remove_duplicates");
                normalizations.add(normalization);
            }
            addNormalizations(normalizations);
            return;
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).operation().equals("excel/extract-columns-to-file")) {
                steps.get(i).arguments().put("remove_duplicates", true);
                return;
            }
        }
        if (later.stream().anyMatch(c -> c.kind() == ClauseKind.EXTRACT)) {
            pendingDedupe = true;
            return;
        }
        ObjectNode arguments = JSON.objectNode();
        arguments.set("columns", names(columns));
        arguments.put("remove_duplicates", true);
        addStep("excel/extract-columns-to-file", arguments, true);
        format = "xlsx";
    }

    private void search(Clause clause, Clause next) {
        String lower = text.lower(clause.start(), clause.end());
        char[] blanked = lower.toCharArray();
        Matcher trigger = ClauseKind.SEARCH.trigger().matcher(lower);
        while (trigger.find()) {
            if (OPERATOR_TRIGGER.matcher(trigger.group()).find()) {
                continue; // "signed up after": the verb names the date column, the preposition is the operator
            }
            blanked[trigger.start()] = ',';
            for (int i = trigger.start() + 1; i < trigger.end(); i++) {
                blanked[i] = ' ';
            }
        }
        ConditionParser.Conditions conditions = ConditionParser.parse(new String(blanked),
                text.original(clause.start(), clause.end()), lower, columns, hints.corrections(), where());
        boolean csv = format.equals("csv");
        String output = csv ? "csv" : "xlsx";
        if (next != null && next.kind() == ClauseKind.TO_CSV) {
            output = "csv";
        } else if (next != null && next.kind() == ClauseKind.TO_EXCEL) {
            output = "xlsx";
        }
        ObjectNode arguments = JSON.objectNode();
        ArrayNode list = arguments.putArray("conditions");
        conditions.conditions().forEach(list::add);
        arguments.put("logic", conditions.logic());
        arguments.put("output_format", output);
        addStep(csv ? "csv/search" : "excel/search", arguments, true);
        format = output;
    }

    private void normalize(List<Clause> group) {
        List<ObjectNode> normalizations = new ArrayList<>();
        List<NormalizationParser.Ask> carried = new ArrayList<>();
        List<ColumnFacts> previous = List.of();
        for (int k = 0; k < group.size(); k++) {
            Clause clause = group.get(k);
            NormalizationParser.Parsed parsed = NormalizationParser.parse(text.lower(clause.start(), clause.end()),
                    text.original(clause.start(), clause.end()));
            List<NormalizationParser.Ask> asks = new ArrayList<>(carried);
            asks.addAll(parsed.asks());
            List<ColumnFacts> targets;
            if (parsed.all()) {
                targets = columns.stream().filter(c -> NormalizationParser.suits(asks, c)).toList();
                if (targets.isEmpty()) {
                    throw new CannotPlan(where() + " has no column that suits that normalization.");
                }
            } else if (!parsed.items().isEmpty()) {
                targets = Phrases.columns(parsed.items(), columns, hints.corrections(), where());
            } else if (k + 1 < group.size()) {
                carried = asks;
                continue;
            } else if (!previous.isEmpty()) {
                targets = previous;
            } else if (hints.columns() != null) {
                targets = named(hints.columns());
            } else {
                throw new NeedAnswer("Which column should I " + verb(asks) + " in " + where() + "? Its columns are: "
                        + headers() + ".", "columns", headerList());
            }
            carried = new ArrayList<>();
            if (asks.isEmpty()) {
                throw new CannotPlan("I did not understand which normalization to apply.");
            }
            for (ColumnFacts column : targets) {
                normalizations.addAll(NormalizationParser.normalizations(asks, column));
            }
            previous = targets;
        }
        addNormalizations(normalizations);
    }

    private static String verb(List<NormalizationParser.Ask> asks) {
        return asks.isEmpty() ? "normalize" : asks.get(0).verb().replaceAll("^(?:to|in|into) ", "");
    }

    private void addNormalizations(List<ObjectNode> normalizations) {
        if (!steps.isEmpty() && steps.get(steps.size() - 1).operation().equals("normalization/apply")) {
            ArrayNode list = (ArrayNode) steps.get(steps.size() - 1).arguments().get("normalizations");
            normalizations.forEach(list::add);
            return;
        }
        ObjectNode arguments = JSON.objectNode();
        ArrayNode list = arguments.putArray("normalizations");
        normalizations.forEach(list::add);
        addStep("normalization/apply", arguments, true);
        format = "xlsx";
    }

    private void sql(Clause clause) {
        RequestText sqlText = sub(clause);
        String lower = sqlText.lower();
        String dialect = "postgresql";
        if (lower.matches("(?s).*\\b(?:mysql|mariadb)\\b.*")) {
            dialect = "mysql";
        } else if (lower.matches("(?s).*\\bsqlite\\b.*")) {
            dialect = "sqlite";
        }
        String template = template(sqlText.original());
        if (template != null) {
            customSql(template, dialect);
            return;
        }
        String table = hints.tableName();
        // On the unmasked text: a table may share its name with a file ("table customers" beside customers.csv,
        // whose mention is masked). Candidates may overlap ("into table clients"), so each position is tried.
        Matcher m = TABLE.matcher(Words.lowerSameLength(sqlText.original()));
        int from = 0;
        while (table == null && from < sqlText.length() && m.find(from)) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null && !NOT_TABLE.contains(m.group(g))) {
                    table = sqlText.original(m.start(g), m.end(g));
                    sqlText.mask(m.start(g), m.end(g));
                    break;
                }
            }
            from = m.start() + 1;
        }
        boolean unique = false;
        Matcher options = Pattern.compile("\\b(?:(?:without|no|skip|drop|remove) (?:the |any )?duplicates?(?: rows)?|unique|distinct)\\b").matcher(sqlText.lower());
        if (options.find()) {
            unique = true;
            sqlText.mask(options.start(), options.end());
        }
        Integer batch = null;
        Matcher batchMatcher = Pattern.compile("\\b(?:in )?batch(?:es)? of (\\d+)(?: rows)?|\\b(\\d+) rows (?:per|in each|an?) (?:insert|statement)\\b").matcher(sqlText.lower());
        if (batchMatcher.find()) {
            batch = Integer.parseInt(batchMatcher.group(1) != null ? batchMatcher.group(1) : batchMatcher.group(2));
            sqlText.mask(batchMatcher.start(), batchMatcher.end());
        }
        boolean noTransaction = false;
        Matcher transaction = Pattern.compile("\\b(?:without|no|not in|outside) (?:a |any )?transactions?\\b").matcher(sqlText.lower());
        if (transaction.find()) {
            noTransaction = true;
            sqlText.mask(transaction.start(), transaction.end());
        }
        boolean autoId = false;
        Matcher auto = Pattern.compile("\\b(?:with )?(?:an? )?(?:auto[- ]?increment(?:ed|ing)?|serial|generated|auto)(?: id)?(?: column| key)?\\b").matcher(sqlText.lower());
        if (auto.find()) {
            autoId = true;
            sqlText.mask(auto.start(), auto.end());
        }
        List<ColumnFacts> chosen = listedColumns(sqlText.lower(), SQL_WORDS);
        if (table == null) {
            throw new NeedAnswer("Which table should the INSERT statements go into?", "table_name", List.of());
        }
        ObjectNode arguments = JSON.objectNode();
        arguments.put("table_name", table);
        ObjectNode mapping = arguments.putObject("column_mapping");
        for (ColumnFacts column : chosen) {
            mapping.put(Words.fold(column.name()).replace(' ', '_'), column.name());
        }
        arguments.put("database_type", dialect);
        if (autoId) {
            ObjectNode increment = arguments.putObject("auto_increment");
            increment.put("enabled", true);
            increment.put("increment_type", switch (dialect) {
                case "mysql" -> "mysql_auto_increment";
                case "sqlite" -> "sqlite_autoincrement";
                default -> "postgresql_serial";
            });
        }
        if (unique) {
            arguments.put("remove_duplicates", true);
            addStep("sql/generate-to-text", arguments, true);
        } else {
            if (batch != null) {
                arguments.put("batch_size", batch);
            }
            if (noTransaction) {
                arguments.put("include_transaction", false);
            }
            addStep("sql/generate", arguments, true);
        }
        terminal = true;
    }

    private void customSql(String template, String dialect) {
        ObjectNode arguments = JSON.objectNode();
        arguments.put("template", template);
        ObjectNode mapping = arguments.putObject("column_mapping");
        Matcher placeholders = Pattern.compile("\\{%?([A-Za-z_][A-Za-z0-9_ ]*?)%?(?::[a-z]+)?(?:\\|[^}]*)?}").matcher(template);
        while (placeholders.find()) {
            String name = placeholders.group(1).strip();
            if (name.equals("auto_id") || name.equals("current_timestamp") || mapping.has(name)) {
                continue;
            }
            mapping.put(name, Phrases.column(name, columns, hints.corrections(), where()).name());
        }
        if (mapping.isEmpty()) {
            throw new CannotPlan("The template has no {column} placeholder to fill.");
        }
        arguments.put("database_type", dialect);
        addStep("sql/generate-custom-to-text", arguments, true);
        terminal = true;
    }

    private void json(Clause clause) {
        RequestText jsonText = sub(clause);
        String lower = jsonText.lower();
        String template = template(jsonText.original());
        ObjectNode arguments = JSON.objectNode();
        if (template != null) {
            ObjectNode parsedTemplate;
            try {
                parsedTemplate = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(template);
            } catch (Exception | Error e) {
                throw new CannotPlan("The JSON template is not a valid JSON object.");
            }
            arguments.set("template", parsedTemplate);
            ObjectNode mapping = arguments.putObject("column_mapping");
            Matcher placeholders = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_ ]*?)(?::[a-z]+)?(?:\\|[^}]*)?}").matcher(template);
            while (placeholders.find()) {
                String name = placeholders.group(1).strip();
                if (!mapping.has(name)) {
                    mapping.put(name, Phrases.column(name, columns, hints.corrections(), where()).name());
                }
            }
            addStep("json/generate-with-template", arguments, true);
            terminal = true;
            return;
        }
        List<ColumnFacts> chosen = null;
        String listed = lower.replaceAll("\\b(?:compact|minified|not pretty|one line|without (?:the )?array|no array|single object|"
                + "(?:skip|omit|exclude|drop|without|no)(?: the)? (?:nulls?|empty|missing|blank)(?: values| fields| keys| cells)?|"
                + "(?:nulls?|empty (?:values|cells)) as empty(?: strings?)?)\\b", " ");
        if (!Phrases.items(listed.replaceAll(JSON_WORDS.pattern(), " ")).isEmpty()) {
            chosen = listedColumns(listed, JSON_WORDS);
        }
        if (chosen != null && chosen.size() < columns.size()) {
            arguments.set("columns", names(chosen));
        }
        if (lower.matches("(?s).*\\b(?:compact|minified|not pretty|one line)\\b.*")) {
            arguments.put("pretty_print", false);
        }
        if (lower.matches("(?s).*\\b(?:skip|omit|exclude|drop|without|no)(?: the)? (?:nulls?|empty|missing|blank).*")) {
            arguments.put("null_handling", "exclude");
        } else if (lower.matches("(?s).*\\b(?:nulls?|empty (?:values|cells)) as empty(?: strings?)?.*")) {
            arguments.put("null_handling", "default");
        }
        if (lower.matches("(?s).*\\b(?:without (?:the )?array|no array|single object)\\b.*")) {
            arguments.put("array_wrapper", false);
        }
        addStep("json/generate", arguments, true);
        terminal = true;
    }

    private List<ColumnFacts> listedColumns(String lower, Pattern fillerWords) {
        String rest = fillerWords.matcher(lower.replace(RequestText.MASK, ' ')).replaceAll(" ");
        List<String> items = new ArrayList<>();
        for (String item : Phrases.items(rest)) {
            if (!Phrases.namesNoColumn(item)) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return columns;
        }
        return Phrases.columns(items, columns, hints.corrections(), where());
    }

    /** A quoted or back-ticked template holding placeholders, as written. */
    private static String template(String original) {
        Matcher m = Pattern.compile("`([^`]*\\{[^`]*)`|'(\\{[^']*}|[^']*\\{[^']*)'|\"([^\"]*\\{[^\"]*)\"(?=\\s|$|[.,!])").matcher(original);
        if (m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    return m.group(g).strip();
                }
            }
        }
        int brace = original.indexOf('{');
        int close = original.lastIndexOf('}');
        if (brace >= 0 && close > brace && original.substring(brace, close + 1).contains("\"")) {
            return original.substring(brace, close + 1);
        }
        return null;
    }

    private void toCsv(boolean alone) {
        if (format.equals("csv")) {
            if (alone && steps.isEmpty()) {
                throw new CannotPlan(input.name() + " is already a CSV file.");
            }
            return;
        }
        if (format.equals("xlsx") || format.equals("xls")) {
            ObjectNode arguments = JSON.objectNode();
            addStep("excel/convert-to-csv", arguments, true);
            format = "csv";
            return;
        }
        throw new CannotPlan("I can only convert spreadsheets (.xlsx, .xls, .csv).");
    }

    private void toExcel(boolean alone, Clause clause) {
        if (format.equals("csv")) {
            ObjectNode arguments = JSON.objectNode();
            Matcher sheet = Pattern.compile("\\b(?:sheet|tab)(?: named| called)? [\"'`]?([a-z0-9_ ]{1,31}?)[\"'`]?(?=$|[,.]|\\s+(?:and|then)\\b)")
                    .matcher(text.lower(clause.start(), clause.end()));
            if (sheet.find()) {
                arguments.put("sheet_name", Words.unquote(text.original(clause.start() + sheet.start(1), clause.start() + sheet.end(1))).strip());
            }
            addStep("csv/convert-to-excel", arguments, false);
            format = "xlsx";
            return;
        }
        if (alone && steps.isEmpty()) {
            throw new CannotPlan(input.name() + " is already an Excel file.");
        }
    }

    private void convert(Clause clause, List<Clause> clauses) {
        boolean targetFollows = clauses.stream().anyMatch(c -> c.kind() == ClauseKind.TO_CSV
                || c.kind() == ClauseKind.TO_EXCEL || c.kind() == ClauseKind.JSON || c.kind() == ClauseKind.NORMALIZE
                || c.kind() == ClauseKind.SQL);
        if (targetFollows) {
            return;
        }
        String target = hints.format();
        if (target == null) {
            String other = format.equals("csv") ? "Excel" : "CSV";
            throw new NeedAnswer("What should I convert " + input.name() + " to: " + other + " or JSON?", "format",
                    List.of(other.toLowerCase(), "json"));
        }
        switch (target) {
            case "csv" -> toCsv(true);
            case "excel" -> toExcel(true, clause);
            default -> json(clause);
        }
    }

    private void bind(Clause clause) {
        List<ColumnFacts> bindColumns = bindSheet == null ? List.of() : bindSheet.columns();
        String where = bindFile.name();
        String lower = text.lower(clause.start(), clause.end());
        boolean positional = lower.matches("(?s).*\\b(?:side by side|by position|row by row|positional(?:ly)?|paste)\\b.*");
        // the key: "on customer_id", "by email", "using id and date"
        List<ColumnFacts> keys = new ArrayList<>();
        Matcher on = Pattern.compile("\\b(?:on|by|using|via|matching on|match on|based on|keyed by|through|key|where)\\s+(?:the\\s+)?(?!position\\b|row\\b)([a-z0-9_ ,&\\-]+?)(?:\\s+(?:columns?|keys?|fields?))?(?=$|[.!?]|\\s+(?:then|and then|to get|into|from|with)\\b)")
                .matcher(lower);
        int keyStart = lower.length();
        if (!positional && on.find()) {
            keyStart = on.start();
            for (String item : Phrases.items(on.group(1))) {
                if (Phrases.namesNoColumn(item)) {
                    continue;
                }
                ColumnFacts key = Phrases.column(item, columns, hints.corrections(), where());
                keys.add(key);
            }
        }
        if (keys.isEmpty() && hints.keyColumns() != null) {
            keys.addAll(named(hints.keyColumns()));
        }
        // the columns to add: "add the city and segment from customers"
        List<ColumnFacts> wanted = new ArrayList<>();
        Matcher add = Pattern.compile("\\b(?:add|copy|bring in|bring over|pull in|take|get|include|with (?:their|the|its))\\s+(.+?)(?=\\s+(?:from|of|out of)\\b|$)")
                .matcher(lower.substring(0, Math.min(keyStart, lower.length())));
        if (add.find()) {
            for (String item : Phrases.items(add.group(1).replaceAll("\\b(?:columns?|fields?)\\b", " "))) {
                if (!Phrases.namesNoColumn(item)) {
                    wanted.add(Phrases.column(item, bindColumns, hints.corrections(), where));
                }
            }
        }
        ObjectNode arguments = JSON.objectNode();
        arguments.put("bind_file", bindReference());
        if (positional) {
            Map<String, String> mapping = new LinkedHashMap<>();
            List<ColumnFacts> sources = wanted.isEmpty() ? bindColumns : wanted;
            for (ColumnFacts source : sources) {
                ColumnMatch target = ColumnMatcher.resolve(source.name(), columns, Map.of());
                if (target instanceof ColumnMatch.Found found) {
                    mapping.put(found.column().name(), source.name());
                }
            }
            if (mapping.isEmpty()) {
                throw new CannotPlan("A positional bind fills columns " + input.name() + " already has, and "
                        + bindFile.name() + " shares none of them.");
            }
            ObjectNode columnMapping = arguments.putObject("column_mapping");
            mapping.forEach(columnMapping::put);
            sheetArguments(arguments);
            addStep(lower.contains("preview") ? "files/bind/preview" : "files/bind", arguments, false);
            if (!lower.contains("preview")) {
                format = "xlsx";
            }
            return;
        }
        if (keys.isEmpty()) {
            List<ColumnFacts> common = columns.stream().filter(c -> bindColumns.stream()
                    .anyMatch(b -> b.name().equals(c.name()))).toList();
            // A key was named but not understood ("on id = customer_id", "on the customer id"): never fall back
            // to whatever column the files happen to share.
            boolean keyNamed = !positional && KEY_NAMED.matcher(lower).find();
            if (keyNamed && lower.contains("=")) {
                throw new CannotPlan("Binding by key needs the same column name in both files: rename the key in one"
                        + " of them first (e.g. with a column mapping), then bind on it.");
            }
            if (keyNamed && !common.isEmpty()) {
                List<String> names = common.stream().map(ColumnFacts::name).toList();
                throw new NeedAnswer("Which column links " + input.name() + " and " + bindFile.name() + ": "
                        + String.join(", ", names) + "? Binding by key needs the same column name in both.", "key", names);
            }
            if (common.size() == 1) {
                keys.add(common.get(0));
            } else if (common.isEmpty()) {
                throw new CannotPlan(input.name() + " and " + bindFile.name() + " have no column in common to match"
                        + " rows on; binding by key needs the same column name in both.");
            } else {
                List<String> names = common.stream().map(ColumnFacts::name).toList();
                throw new NeedAnswer("Which column links " + input.name() + " and " + bindFile.name() + ": "
                        + String.join(", ", names) + "?", "key", names);
            }
        }
        for (ColumnFacts key : keys) {
            if (bindColumns.stream().noneMatch(b -> b.name().equals(key.name()))) {
                throw new CannotPlan("`" + key.name() + "` is not a column of " + bindFile.name()
                        + "; binding by key needs the same column name in both files.");
            }
        }
        Set<String> present = new java.util.HashSet<>(columns.stream().map(ColumnFacts::name).toList());
        List<ColumnFacts> added = new ArrayList<>();
        if (wanted.isEmpty()) {
            for (ColumnFacts column : bindColumns) {
                if (!present.contains(column.name()) && keys.stream().noneMatch(k -> k.name().equals(column.name()))) {
                    added.add(column);
                }
            }
        } else {
            for (ColumnFacts column : wanted) {
                if (present.contains(column.name())) {
                    throw new CannotPlan("`" + column.name() + "` is already a column of " + where() + ".");
                }
                if (!added.contains(column)) {
                    added.add(column);
                }
            }
        }
        if (added.isEmpty()) {
            throw new CannotPlan(bindFile.name() + " has no column that " + where() + " does not already have.");
        }
        if (keys.size() == 1) {
            arguments.put("comparison_column", keys.get(0).name());
        } else {
            arguments.set("comparison_columns", names(keys));
        }
        arguments.set("bind_columns", names(added));
        sheetArguments(arguments);
        addStep(keys.size() == 1 ? "excel/bind-single-key" : "excel/bind-multi-key", arguments, false);
        List<ColumnFacts> after = new ArrayList<>(columns);
        after.addAll(added);
        columns = after;
        format = "xlsx";
    }

    private void sheetArguments(ObjectNode arguments) {
        if (steps.isEmpty() && inputSheetNamed) {
            arguments.put("sheet_name", inputSheet.name());
        }
        if (bindSheetNamed) {
            arguments.put("bind_sheet_name", bindSheet.name());
        }
    }

    private String bindReference() {
        long sameName = files.stream().filter(f -> f.name().equals(bindFile.name())).count();
        return sameName == 1 ? bindFile.name() : bindFile.id();
    }

    private void map(Clause clause) {
        String lower = text.lower(clause.triggerEnd(), clause.end());
        String original = text.original(clause.triggerEnd(), clause.end());
        Matcher pair = Pattern.compile("(?:^|,|;|\\band\\b)\\s*(?:the\\s+)?(?:columns?\\s+)?(.+?)\\s+(?:to|as|into|->|=>|→)\\s+(.+?)(?=\\s*(?:,|;|\\band\\b|\\bthen\\b|$))")
                .matcher(lower);
        Map<String, String> renames = new LinkedHashMap<>();
        while (pair.find()) {
            String source = pair.group(1).replace(RequestText.MASK, ' ').strip();
            String target = Words.unquote(Phrases.strip(original.substring(pair.start(2), pair.end(2)))
                    .replaceAll("(?i)\\s+(?:column|please)$", ""));
            if (source.isEmpty() || target.isEmpty() || source.contains(String.valueOf(RequestText.MASK))) {
                continue;
            }
            ColumnFacts column = Phrases.column(source, columns, hints.corrections(), where());
            renames.put(column.name(), target);
        }
        if (renames.isEmpty()) {
            throw new NeedAnswer("Which column should I rename, and to what? For example: rename "
                    + columns.get(0).name() + " to " + Words.fold(columns.get(0).name()).replace(' ', '_') + "_new.",
                    "mapping", headerList());
        }
        ObjectNode arguments = JSON.objectNode();
        ObjectNode mapping = arguments.putObject("mapping");
        List<ColumnFacts> after = new ArrayList<>();
        for (ColumnFacts column : columns) {
            String target = renames.getOrDefault(column.name(), column.name());
            if (mapping.has(target)) {
                throw new CannotPlan("Two columns would be called `" + target + "`.");
            }
            mapping.put(target, column.name());
            after.add(new ColumnFacts(target, column.type(), column.samples()));
        }
        addStep("excel/map-columns", arguments, true);
        columns = after;
        format = "xlsx";
    }

    private void info() {
        ObjectNode arguments = JSON.objectNode();
        if (format.equals("csv")) {
            addStep("csv/info", arguments, false);
        } else {
            addStep("excel/info", arguments, true);
        }
    }

    private void operators() {
        addStep("excel/search/suggest-operators", JSON.objectNode(), true);
    }

    // ---------------------------------------------------------------- helpers

    private void addStep(String operation, ObjectNode arguments, boolean takesSheet) {
        if (takesSheet && steps.isEmpty() && inputSheetNamed && !format.equals("csv")) {
            arguments.put("sheet_name", inputSheet.name());
        }
        steps.add(new PlannedStep(operation, arguments));
    }

    private RequestText sub(Clause clause) {
        return text.slice(clause.start(), clause.end());
    }

    private String where() {
        if (steps.isEmpty()) {
            return inputSheetNamed ? input.name() + " (sheet " + inputSheet.name() + ")" : input.name();
        }
        return "the result of step " + steps.size();
    }

    private String headers() {
        return String.join(", ", headerList());
    }

    private List<String> headerList() {
        return columns.stream().map(ColumnFacts::name).toList();
    }

    private List<ColumnFacts> named(List<String> names) {
        List<ColumnFacts> found = new ArrayList<>();
        for (String name : names) {
            columns.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(found::add);
        }
        if (found.isEmpty()) {
            throw new NeedAnswer("Which columns do you mean? " + where() + " has: " + headers() + ".", "columns",
                    headerList());
        }
        return found;
    }

    private static ArrayNode names(List<ColumnFacts> columns) {
        ArrayNode names = JSON.arrayNode();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }
}
