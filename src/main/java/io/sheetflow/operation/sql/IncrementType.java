package io.sheetflow.operation.sql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.sheetflow.operation.InvalidArgumentException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an auto-increment column gets its values ({@code auto_increment.increment_type}). */
public enum IncrementType {
    /** The database generates the value (serial column): no id column in the INSERTs. */
    POSTGRESQL_SERIAL("postgresql_serial"),
    /** The database generates the value (AUTO_INCREMENT column): no id column in the INSERTs. */
    MYSQL_AUTO_INCREMENT("mysql_auto_increment"),
    /** The database generates the value (INTEGER PRIMARY KEY AUTOINCREMENT): no id column in the INSERTs. */
    SQLITE_AUTOINCREMENT("sqlite_autoincrement"),
    /** postgresql: {@code nextval('<sequence_name>')}; mysql and sqlite: a counter from {@code start_value}. */
    MANUAL_SEQUENCE("manual_sequence"),
    /** postgresql: {@code uuid_generate_v4()}; mysql and sqlite: {@code UUID()}. */
    UUID_GENERATE("uuid_generate"),
    /** No id column. */
    NONE("none");

    private final String jsonName;

    IncrementType(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static IncrementType fromJson(String value) {
        String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (IncrementType type : values()) {
            if (type.jsonName.equals(wanted)) {
                return type;
            }
        }
        throw new InvalidArgumentException("auto_increment.increment_type", "Invalid increment_type: '" + value
                + "'. Valid types are: " + Arrays.stream(values()).map(IncrementType::jsonName)
                .collect(Collectors.joining(", ")));
    }

    /** True when the generated INSERTs carry the id column (the other modes leave it to the database). */
    public boolean emitsColumn() {
        return this == MANUAL_SEQUENCE || this == UUID_GENERATE;
    }
}
