package io.sheetflow.recipe;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnSuggestionsTest {

    @Test
    void renamedSpellings_areMatchedByFoldedName() {
        assertEquals(Map.of("Customer Name", "customer_name", "Order Date", "OrderDate"),
                ColumnSuggestions.suggest(List.of("Customer Name", "Order Date"),
                        List.of("OrderDate", "customer_name", "Region")));
    }

    @Test
    void eachRealColumn_isSuggestedAtMostOnce_closestFirst() {
        assertEquals(Map.of("email", "e-mail"),
                ColumnSuggestions.suggest(List.of("emails", "email"), List.of("e-mail")));
    }

    @Test
    void unrelatedNames_getNoSuggestion() {
        assertEquals(Map.of(), ColumnSuggestions.suggest(List.of("id", "Amount"), List.of("ab", "Region", "Total")));
    }
}
