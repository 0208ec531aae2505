package io.sheetflow.operation.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes standard INSERT statements for rows: {@code INSERT INTO "t" ("a", "b") VALUES (1, 'x');}, one per row, or
 * with a batch size N above 1 multi-row statements {@code ... VALUES (1, 'x'), (2, 'y');} of at most N rows, each
 * on one line. The id column of auto-increment modes that carry it comes first.
 */
final class InsertWriter {

    private final SqlFile file;
    private final SqlDialect dialect;
    private final String prefix;
    private final int[] sourceIndexes;
    private final AutoIncrement autoIncrement;
    private final int batchSize;
    private final StringBuilder tuple = new StringBuilder(256);
    private long rows;
    private int rowsInBatch;

    /**
     * @param sqlColumns    the target columns, in order
     * @param sourceIndexes for each target column, the index of its value in the rows
     */
    InsertWriter(SqlFile file, SqlDialect dialect, String tableName, List<String> sqlColumns, int[] sourceIndexes,
                 AutoIncrement autoIncrement, int batchSize) {
        this.file = file;
        this.dialect = dialect;
        this.sourceIndexes = sourceIndexes;
        this.autoIncrement = autoIncrement;
        this.batchSize = batchSize;
        StringBuilder text = new StringBuilder("INSERT INTO ").append(dialect.quoteQualifiedName(tableName))
                .append(" (");
        boolean first = true;
        if (autoIncrement.emitsColumn()) {
            text.append(dialect.quoteIdentifier(autoIncrement.columnName()));
            first = false;
        }
        for (String column : sqlColumns) {
            if (!first) {
                text.append(", ");
            }
            text.append(dialect.quoteIdentifier(column));
            first = false;
        }
        this.prefix = text.append(") VALUES ").toString();
    }

    void row(Object[] row) throws IOException {
        tuple.setLength(0);
        tuple.append('(');
        boolean first = true;
        if (autoIncrement.emitsColumn()) {
            dialect.appendLiteral(tuple, autoIncrement.idFor(dialect, rows));
            first = false;
        }
        for (int index : sourceIndexes) {
            if (!first) {
                tuple.append(", ");
            }
            dialect.appendLiteral(tuple, row[index]);
            first = false;
        }
        tuple.append(')');
        Writer out = file.writer();
        if (rowsInBatch == 0) {
            out.append(prefix);
        } else {
            out.append(", ");
        }
        out.append(tuple);
        rows++;
        if (++rowsInBatch == batchSize) {
            endStatement();
        }
    }

    /** Ends a batch left open by the last rows. */
    void finish() throws IOException {
        if (rowsInBatch > 0) {
            endStatement();
        }
    }

    private void endStatement() throws IOException {
        file.writer().append(";\n");
        file.statementEnded();
        rowsInBatch = 0;
    }

    long rows() {
        return rows;
    }
}
