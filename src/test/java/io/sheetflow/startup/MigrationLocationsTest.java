package io.sheetflow.startup;

import io.sheetflow.support.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 8.1 baseline a new database gets and the chain of migrations older databases were built with end in the same
 * schema (tables, columns in order with types, sizes, nullability and defaults, keys, indexes, foreign keys, named
 * constraints), on H2 in PostgreSQL mode and on PostgreSQL; and each database keeps the way it was built.
 */
class MigrationLocationsTest {

    @Test
    void baselineBuildsTheSchemaTheChainBuilds_onH2() throws SQLException {
        DataSource byChain = h2();
        DataSource byBaseline = h2();
        migrate(byChain, MigrationLocations.CHAIN);
        migrate(byBaseline, MigrationLocations.BASELINE);
        assertSameSchema(schema(byChain), schema(byBaseline));
    }

    @Test
    void baselineBuildsTheSchemaTheChainBuilds_onPostgres() throws SQLException {
        DataSource byChain = postgres();
        DataSource byBaseline = postgres();
        migrate(byChain, MigrationLocations.CHAIN);
        migrate(byBaseline, MigrationLocations.BASELINE);
        assertSameSchema(schema(byChain), schema(byBaseline));
    }

    @Test
    void newDatabaseIsMigratedByTheBaselineAlone() {
        DataSource dataSource = h2();
        Flyway flyway = applicationFlyway(dataSource);
        flyway.migrate();
        List<String> applied = Arrays.stream(flyway.info().applied()).map(MigrationLocationsTest::describe).toList();
        assertEquals(List.of("8.1 baseline"), applied);
        assertFalse(MigrationLocations.builtByChain(configuration(dataSource)));
        applicationFlyway(dataSource).validate(); // a restart: the database keeps the baseline
    }

    @Test
    void databaseBuiltByTheChainBeforeTheBaselineIsUpgradedAlongTheChain() {
        DataSource dataSource = h2();
        Flyway.configure().dataSource(dataSource).locations(MigrationLocations.CHAIN).target("7").load().migrate();
        assertTrue(MigrationLocations.builtByChain(configuration(dataSource)));

        Flyway flyway = applicationFlyway(dataSource);
        flyway.migrate();
        List<String> applied = Arrays.stream(flyway.info().applied()).map(MigrationLocationsTest::describe).toList();
        assertEquals(List.of("1 schema", "2 api keys", "3 stateless outputs", "4 direct uploads", "5 lambda",
                "6 assistant", "7 recipes", "8 scale shared limits", "8.1 assistant reply claim"), applied);
        applicationFlyway(dataSource).validate();
    }

    private static void assertSameSchema(Map<String, List<String>> chain, Map<String, List<String>> baseline) {
        assertEquals(14, chain.size(), "the snapshot read the tables: " + chain.keySet());
        assertEquals(chain.keySet(), baseline.keySet());
        chain.forEach((table, facts) -> assertEquals(facts, baseline.get(table), table));
    }

    /** Flyway as micronaut-flyway configures it for the application: the configured locations, then the customizer. */
    private static Flyway applicationFlyway(DataSource dataSource) {
        FluentConfiguration configuration = configuration(dataSource);
        new MigrationLocations().customizeFluentConfiguration(configuration);
        return configuration.load();
    }

    /** As application.yml configures Flyway, before the customizer. */
    private static FluentConfiguration configuration(DataSource dataSource) {
        return configuration(dataSource, MigrationLocations.BASELINE);
    }

    private static FluentConfiguration configuration(DataSource dataSource, String firstLocation) {
        return Flyway.configure().dataSource(dataSource).locations(firstLocation, MigrationLocations.NEXT);
    }

    private static void migrate(DataSource dataSource, String firstLocation) {
        configuration(dataSource, firstLocation).load().migrate();
    }

    private static String describe(MigrationInfo info) {
        return info.getVersion() + " " + info.getDescription();
    }

    private static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:migrations-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static DataSource postgres() {
        Map<String, String> properties = EmbeddedPostgres.newDatabaseProperties();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(properties.get("datasources.default.url"));
        dataSource.setUser(properties.get("datasources.default.username"));
        return dataSource;
    }

    /**
     * Per table: its columns in order, its primary key, its indexes (ours by name; those behind PRIMARY KEY, UNIQUE
     * and H2's foreign keys by columns, since their names are generated), its foreign keys and its constraints that
     * have a name of ours.
     */
    private static Map<String, List<String>> schema(DataSource dataSource) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            List<String> names = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, schema, "%", new String[]{"TABLE"})) {
                while (rows.next()) {
                    String name = rows.getString("TABLE_NAME");
                    if (!name.equals("flyway_schema_history")) {
                        names.add(name);
                    }
                }
            }
            for (String table : names) {
                tables.put(table, tableFacts(meta, schema, table));
            }
            try (var statement = connection.prepareStatement("SELECT table_name, constraint_name, constraint_type"
                    + " FROM information_schema.table_constraints WHERE table_schema = ?")) {
                statement.setString(1, schema);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getString(2).endsWith("_unique") && tables.containsKey(rows.getString(1))) {
                            tables.get(rows.getString(1)).add("constraint " + rows.getString(2) + " "
                                    + rows.getString(3));
                        }
                    }
                }
            }
            tables.values().forEach(facts -> facts.sort(null));
        }
        return tables;
    }

    private static List<String> tableFacts(DatabaseMetaData meta, String schema, String table) throws SQLException {
        List<String> facts = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(null, schema, table, "%")) {
            while (rows.next()) {
                facts.add("column " + rows.getInt("ORDINAL_POSITION") + " " + rows.getString("COLUMN_NAME")
                        + " " + rows.getString("TYPE_NAME") + "(" + rows.getInt("COLUMN_SIZE") + ")"
                        + " nullable=" + rows.getString("IS_NULLABLE") + " default=" + rows.getString("COLUMN_DEF"));
            }
        }
        TreeMap<Integer, String> key = new TreeMap<>();
        try (ResultSet rows = meta.getPrimaryKeys(null, schema, table)) {
            while (rows.next()) {
                key.put(rows.getInt("KEY_SEQ"), rows.getString("COLUMN_NAME"));
            }
        }
        facts.add("primary key " + key.values());
        Map<String, TreeMap<Integer, String>> indexColumns = new TreeMap<>();
        Map<String, Boolean> indexUnique = new TreeMap<>();
        try (ResultSet rows = meta.getIndexInfo(null, schema, table, false, false)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                if (index != null) {
                    indexColumns.computeIfAbsent(index, k -> new TreeMap<>())
                            .put((int) rows.getShort("ORDINAL_POSITION"), rows.getString("COLUMN_NAME"));
                    indexUnique.put(index, !rows.getBoolean("NON_UNIQUE"));
                }
            }
        }
        TreeSet<String> indexes = new TreeSet<>();
        indexColumns.forEach((index, columns) -> indexes.add(indexUnique.get(index) ? "unique index " + columns.values()
                : index.toUpperCase(Locale.ROOT).startsWith("CONSTRAINT_") ? "key index " + columns.values()
                : "index " + index + " " + columns.values()));
        facts.addAll(indexes);
        try (ResultSet rows = meta.getImportedKeys(null, schema, table)) {
            while (rows.next()) {
                facts.add("foreign key " + rows.getString("FKCOLUMN_NAME") + " -> " + rows.getString("PKTABLE_NAME")
                        + "." + rows.getString("PKCOLUMN_NAME") + " on delete " + rows.getShort("DELETE_RULE"));
            }
        }
        return facts;
    }
}
