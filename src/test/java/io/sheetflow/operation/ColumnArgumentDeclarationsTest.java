package io.sheetflow.operation;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation argument that names columns says so, so recipes can find and rename every column. */
@MicronautTest(transactional = false)
class ColumnArgumentDeclarationsTest extends ServerTest {
    private static final Pattern COLUMN_LIKE =
            Pattern.compile("column|columns|column_name|mapping|.*_column|.*_columns|.*_mapping");

    @Inject
    OperationRegistry operations;

    @Test
    void everyColumnLikeArgument_ofEveryOperation_isDeclared() {
        List<String> undeclared = new ArrayList<>();
        int declared = 0;
        for (Operation<?> operation : operations.all()) {
            declared += check(operation.name(), operation.argumentsType(), "", undeclared);
        }
        assertEquals(List.of(), undeclared, "column-like arguments without @ColumnArgument");
        assertTrue(declared >= 20, "found only " + declared + " declarations");
    }

    @Test
    void everyDeclaration_fitsItsArgumentsType() {
        List<String> misfits = new ArrayList<>();
        for (Operation<?> operation : operations.all()) {
            misfits(operation.name(), operation.argumentsType(), "", misfits);
        }
        assertEquals(List.of(), misfits);
    }

    private static int check(String operation, Class<?> type, String prefix, List<String> undeclared) {
        int declared = 0;
        for (Map.Entry<String, RecordComponent> entry : ColumnArguments.components(type).entrySet()) {
            RecordComponent component = entry.getValue();
            int declarations = component.getAnnotationsByType(ColumnArgument.class).length;
            declared += declarations;
            if (COLUMN_LIKE.matcher(entry.getKey()).matches() && declarations == 0) {
                undeclared.add(operation + ": " + prefix + entry.getKey());
            }
            Class<?> nested = ColumnArguments.nestedRecord(component);
            if (nested != null) {
                declared += check(operation, nested, prefix + entry.getKey() + ".", undeclared);
            }
        }
        return declared;
    }

    private static void misfits(String operation, Class<?> type, String prefix, List<String> misfits) {
        for (Map.Entry<String, RecordComponent> entry : ColumnArguments.components(type).entrySet()) {
            RecordComponent component = entry.getValue();
            Class<?> raw = component.getType();
            for (ColumnArgument declaration : component.getAnnotationsByType(ColumnArgument.class)) {
                boolean fits = switch (declaration.value()) {
                    case NAME -> raw == String.class;
                    case NAMES -> Collection.class.isAssignableFrom(raw);
                    case KEYS, VALUES, MAPPING_SOURCES -> Map.class.isAssignableFrom(raw);
                };
                if (!fits) {
                    misfits.add(operation + ": " + prefix + entry.getKey() + " is " + raw.getSimpleName()
                            + ", declared " + declaration.value());
                }
            }
            Class<?> nested = ColumnArguments.nestedRecord(component);
            if (nested != null) {
                misfits(operation, nested, prefix + entry.getKey() + ".", misfits);
            }
        }
    }
}
