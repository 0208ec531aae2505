package io.sheetflow.operation.sql;

/** A piece of SQL written as is where a value would go ({@code nextval('seq_id')}, {@code CURRENT_TIMESTAMP}). */
record SqlExpression(String sql) {
}
