package io.sheetflow.operation.sql;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sheetflow.operation.ColumnArgument;

/**
 * The {@code auto_increment} argument of the SQL operations. Pycelize's camelCase spellings
 * ({@code columnName}, {@code incrementType}, {@code startValue}, {@code sequenceName}) are accepted too.
 *
 * @param enabled       off unless true; everything else is ignored when off
 * @param columnName    the id column (default {@code id})
 * @param incrementType how ids are made (default {@code postgresql_serial}); see {@link IncrementType}
 * @param startValue    the first counter value (default 1)
 * @param sequenceName  the postgresql sequence of {@code manual_sequence} (default {@code seq_<column_name>})
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record AutoIncrement(@JsonProperty("enabled") Boolean enabled,
                            @ColumnArgument(value = ColumnArgument.Shape.NAME, table = ColumnArgument.Table.GENERATED)
                            @JsonProperty("column_name") @JsonAlias("columnName") String columnName,
                            @JsonProperty("increment_type") @JsonAlias("incrementType") IncrementType incrementType,
                            @JsonProperty("start_value") @JsonAlias("startValue") Long startValue,
                            @JsonProperty("sequence_name") @JsonAlias("sequenceName") String sequenceName) {

    public static final String DEFAULT_COLUMN = "id";

    public AutoIncrement {
        enabled = Boolean.TRUE.equals(enabled);
        if (columnName == null || columnName.isBlank()) {
            columnName = DEFAULT_COLUMN;
        }
        if (incrementType == null) {
            incrementType = IncrementType.POSTGRESQL_SERIAL;
        }
        if (startValue == null) {
            startValue = 1L;
        }
        if (sequenceName == null || sequenceName.isBlank()) {
            sequenceName = "seq_" + columnName;
        }
    }

    /** Auto-increment off. */
    public static AutoIncrement disabled() {
        return new AutoIncrement(false, null, null, null, null);
    }

    /** True when the INSERTs of {@code sql/generate} carry the id column. */
    public boolean emitsColumn() {
        return enabled && incrementType.emitsColumn();
    }

    /** Rejects names that cannot be written into SQL text. */
    public void validate() {
        if (!enabled) {
            return;
        }
        SqlNames.requireWritable("auto_increment.column_name", "auto_increment.column_name", columnName);
        SqlNames.requireWritable("auto_increment.sequence_name", "auto_increment.sequence_name", sequenceName);
    }

    /**
     * The id of the {@code index}-th generated row (0-based) in a {@code sql/generate} statement or template:
     * {@code nextval('seq')}, a counter, a new UUID, or the database's own value ({@code DEFAULT}).
     */
    Object idFor(SqlDialect dialect, long index) {
        return switch (incrementType) {
            case MANUAL_SEQUENCE -> dialect == SqlDialect.POSTGRESQL
                    ? new SqlExpression("nextval(" + SqlNames.stringLiteral(dialect, sequenceName) + ")")
                    : (Object) (startValue + index);
            case UUID_GENERATE -> new SqlExpression(dialect.newUuid());
            default -> new SqlExpression(dialect.generatedValue());
        };
    }

    /** The counter value of the {@code index}-th row (0-based), as custom templates number rows. */
    long counter(long index) {
        return startValue + index;
    }
}
