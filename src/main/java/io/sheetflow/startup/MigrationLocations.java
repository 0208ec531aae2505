package io.sheetflow.startup;

import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which migrations Flyway sees (docs/architecture.md, "Schema migrations"). A new database gets the schema of 8.1 in
 * one script ({@value #BASELINE}): applying the nine scripts of the chain one by one, with their ALTER TABLEs that
 * make H2 copy tables, was about a third of a first start. A database whose history begins with version 1 was built
 * by the chain ({@value #CHAIN}) and keeps it, so Flyway validates it against the scripts that built it. Both then
 * take the migrations after 8.1 ({@value #NEXT}). Replaces micronaut-flyway's default customizer for the default
 * datasource, which only looks up Java migrations and resource providers by bean name; we have none.
 */
@Singleton
@Named("default")
final class MigrationLocations implements FlywayConfigurationCustomizer {
    static final String CHAIN = "classpath:db/migration/chain";
    static final String BASELINE = "classpath:db/migration/baseline";
    static final String NEXT = "classpath:db/migration/next";

    @Override
    public String getName() {
        return "default";
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration configuration) {
        configuration.locations(builtByChain(configuration) ? CHAIN : BASELINE, NEXT);
    }

    /** Whether the database's migration history has version 1 (it was migrated before the baseline existed). */
    static boolean builtByChain(FluentConfiguration configuration) {
        DataSource dataSource = configuration.getDataSource();
        String table = configuration.getTable();
        try (Connection connection = dataSource.getConnection()) {
            String[] schemas = configuration.getSchemas();
            String schema = schemas.length > 0 ? schemas[0] : connection.getSchema();
            if (!tableExists(connection.getMetaData(), schema, table)) {
                return false;
            }
            String sql = "SELECT COUNT(*) FROM " + quoted(schema) + "." + quoted(table) + " WHERE \"version\" = '1'";
            try (PreparedStatement statement = connection.prepareStatement(sql);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new FlywayException("could not read the migration history " + table + ": " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(DatabaseMetaData metaData, String schema, String table) throws SQLException {
        try (ResultSet tables = metaData.getTables(null, schema, table, null)) {
            return tables.next();
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
