package io.sheetflow.operation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an argument (a component of an operation's arguments record) names columns: where in its JSON
 * value the names sit and which table they belong to. Recipes read these declarations to know the columns a
 * workflow needs from its input and to rename them; {@code ColumnArgumentDeclarationsTest} fails for a
 * column-like argument left undeclared. An argument may carry several declarations (a mapping whose keys are
 * produced and whose values are read).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@Repeatable(ColumnArgument.List.class)
public @interface ColumnArgument {

    Shape value();

    Table table() default Table.INPUT;

    /** Where the names sit in the argument's JSON value. */
    enum Shape {
        /** The value is one column name. */
        NAME,
        /** An array of column names. */
        NAMES,
        /** An object whose keys are column names. */
        KEYS,
        /** An object whose values are column names. */
        VALUES,
        /** An object whose values are {@code excel/map-columns} rules: a name, or an object with {@code source}. */
        MAPPING_SOURCES
    }

    /** The table whose columns are named. */
    enum Table {
        /** The step's input (the workflow's input file, or the previous step's output). */
        INPUT,
        /** The {@code bind_file} of a bind step. */
        BIND_FILE,
        /** Both the input and the bind file, which must share the column. */
        INPUT_AND_BIND_FILE,
        /** Columns the step creates in its output: later steps may read them without the input having them. */
        OUTPUT,
        /** Names in what the step generates (SQL columns, JSON keys), not columns of a table: never required. */
        GENERATED;

        public boolean readsInput() {
            return this == INPUT || this == INPUT_AND_BIND_FILE;
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface List {
        ColumnArgument[] value();
    }
}
