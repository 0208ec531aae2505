package io.sheetflow.assistant.bot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Pycelize chatbot's intents, in its order, and the operations each may suggest ({@code GET /chat/bot/operations}). */
final class BotIntents {
    static final Map<String, List<String>> OPERATIONS;

    static {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        operations.put("extract_columns", List.of("excel/extract-columns-to-file"));
        operations.put("convert_format", List.of("csv/convert-to-excel", "excel/convert-to-csv", "json/generate"));
        operations.put("normalize_data", List.of("normalization/apply"));
        operations.put("generate_sql", List.of("sql/generate", "sql/generate-to-text", "sql/generate-custom-to-text"));
        operations.put("generate_json", List.of("json/generate", "json/generate-with-template"));
        operations.put("search_filter", List.of("excel/search", "csv/search"));
        operations.put("bind_data", List.of("excel/bind-single-key", "excel/bind-multi-key", "files/bind"));
        operations.put("map_columns", List.of("excel/map-columns"));
        OPERATIONS = Collections.unmodifiableMap(operations);
    }

    private BotIntents() {
    }
}
