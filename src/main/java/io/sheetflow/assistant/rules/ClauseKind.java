package io.sheetflow.assistant.rules;

import java.util.regex.Pattern;

/** What one part of a request asks for, and the words that start such a part. */
enum ClauseKind {
    UNSUPPORTED("\\b(?:sort(?:ed)?|order (?:it |them )?by|pivot|chart|plot|graph|histogram|sum (?:of|up)|total of|group(?:ed)? by|"
            + "aggregate|delete (?:the )?(?:file|rows?|columns?)|send|e-?mail (?:it|me|this|them)|translate|predict|forecast|"
            + "calculate|compute|add a (?:new )?column|new column|split|transpose|encrypt|password|weather|joke|"
            + "print|share|schedule|every (?:day|week|month|hour))\\b", null),
    OPERATORS("\\b(?:(?:what|which) (?:search )?(?:operators|filters|comparisons)|suggest (?:search )?operators|"
            + "operators (?:can|could|should) i use|search options)\\b", "suggest_operators"),
    INFO("\\b(?:how many (?:rows|lines|records|columns)|row count|count (?:the )?rows|describe|info|information about|"
            + "details (?:of|about)|what (?:columns|fields|headers)|which (?:columns|fields|headers)|"
            + "list (?:the |all )?(?:columns|fields|headers|sheets)|show (?:me )?(?:the )?(?:columns|headers|structure)|"
            + "column types|what'?s in|what is in|(?:what|which) (?:sheets|tabs|worksheets)|sheet names)\\b", "file_info"),
    STATS("\\b(?:statistics|stats|average|mean|median|summari[sz]e|distinct values|unique values|"
            + "list (?:the |all )?values|all values of|how many distinct)\\b", "extract_columns"),
    DEDUPE("\\b(?:(?:drop|remove|delete|eliminate|without|no|skip|exclude|get rid of|filter out|strip)"
            + " (?:the |any |all )?(?:duplicated?|dupes?|duplicates|repeated|doubles?)(?: rows| lines| entries| records)?|"
            + "dedupe|de-?duplicate|(?:only )?(?:unique|distinct) (?:rows|records|lines|entries)|no repeats)\\b", "extract_columns"),
    BIND("\\b(?:merge|join|bind|combine|link|enrich|look ?up|vlookup|match (?:it |them |#+ )?(?:with|against|to)|"
            + "bring (?:in|over)|pull in|add (?:the )?[a-z0-9 ,_#]{0,60}? from|copy [a-z0-9 ,_#]{0,60}? from|"
            + "side by side|by position|row by row|paste)\\b", "bind_data"),
    MAP("\\b(?:rename|re-name|remap|map|relabel|change (?:the )?(?:column|header) names?)\\b", "map_columns"),
    SEARCH("\\b(?:where|whose|filter(?: by| on| for)?|search(?: for)?|find|look for|"
            + "show(?: me)?(?: only)?(?: the)? (?:rows|records|lines|entries|customers|orders|people|ones|users)|"
            + "keep (?:only )?(?:the )?(?:rows|records|lines|entries)|only (?:the )?(?:rows|records|lines|entries)|"
            + "(?:rows|records|lines|entries) (?:with|where|that)|"
            // not a table's name ("table people from #") nor the file they come from ("customers from #")
            + "(?<!\\b(?:table|into) )(?:customers|people|orders|ones|those|users|clients|products|employees) (?:who|that|with|from(?! ?#))|"
            + "that (?:have|are)|who (?:are|have|is)|"
            + "(?:signed up|registered|joined|created|ordered|placed|born|bought|purchased) (?:after|before|since|in|on|between))\\b"
            // the file's name said as the rows ("orders with amount over 100"), masked as a mention by then
            + "|^(?:(?:show|list|get|give)(?: me)?(?: all| only)?(?: the)? )?#+ (?:who|that|with|whose|where)\\b"
            + "|\\bonly (?=[a-z0-9_]+ (?:ones|rows|records|entries)\\b)",
            "search_filter"),
    NORMALIZE("\\b(?:trim|strip|lower ?case|lowercase|upper ?case|uppercase|capitali[sz]e|title ?case|normali[sz]e|"
            + "clean(?: up)?|standardi[sz]e|tidy(?: up)?|(?<!(?:csv|json|xlsx|excel|sql) )format|round|fill(?: in)?|replace|scale|"
            + "rescale|z-?score|min-?max|recode|parse|"
            + "(?:convert|turn|change|cast|make) (?:the )?[a-z0-9_ ]{1,40}? (?:to|into) (?:lower|upper|title) ?case|"
            + "(?:convert|turn|change|cast) (?:the )?[a-z0-9_ ]{1,40}? (?:to|into) (?:integers?|ints?|whole numbers|booleans?|"
            + "true ?/ ?false|true or false|yes ?/ ?no|yes or no|numbers|numeric)|"
            + "remove (?:the )?(?:special characters|symbols|punctuation|outliers|extra spaces|spaces|whitespace)|"
            + "extract (?:the )?(?:year|month|day)s?)\\b", "normalize_data"),
    SQL("\\b(?:sql|insert statements?|inserts?|insert into|insert queries|database|postgres(?:ql)?|mysql|mariadb|sqlite)\\b",
            "generate_sql"),
    JSON("\\bjson\\b", "generate_json"),
    TO_CSV("(?<!\\b(?:the|this|that|my|from|of) )\\bcsv\\b", "convert_format"),
    TO_EXCEL("(?<!\\b(?:the|this|that|my|from|of) )\\b(?:excel|xlsx|spreadsheet|workbook)\\b", "convert_format"),
    CONVERT("\\b(?:convert|transform|export|change it|turn it|save it|save (?:this|that|them)|make it)\\b", "convert_format"),
    EXTRACT("\\b(?:extract|take|select|pull(?: out)?|grab|keep(?: only)?|get|give me|i (?:only )?(?:want|need)|copy)\\b",
            "extract_columns");

    private final Pattern trigger;
    private final String intent;

    ClauseKind(String trigger, String intent) {
        this.trigger = Pattern.compile(trigger);
        this.intent = intent;
    }

    Pattern trigger() {
        return trigger;
    }

    /** The Pycelize chatbot's intent name where one applies. */
    String intent() {
        return intent;
    }
}
