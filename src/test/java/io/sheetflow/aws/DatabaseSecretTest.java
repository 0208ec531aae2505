package io.sheetflow.aws;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.SecretsManagerStub;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Database credentials come from the Secrets Manager secret (a real SDK client against a local endpoint). */
class DatabaseSecretTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sheetflow-db-AbCdEf";

    @Test
    void secretArnSet_datasourceConnectsWithTheSecretsUser_andReadsTheSecretOnce() throws Exception {
        Map<String, String> db = new HashMap<>(EmbeddedPostgres.newDatabaseProperties());
        String database = db.get("datasources.default.url").replaceAll(".*/([^/?]+).*", "$1");
        try (Connection c = DriverManagerLike.connect(db); var s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sheetflow_app') THEN "
                    + "CREATE ROLE sheetflow_app LOGIN PASSWORD 'from-the-secret'; END IF; END $$");
            s.execute("GRANT ALL ON DATABASE " + database + " TO sheetflow_app");
            s.execute("ALTER DATABASE " + database + " OWNER TO sheetflow_app");
        }
        try (SecretsManagerStub stub = new SecretsManagerStub(Map.of(ARN,
                "{\"username\":\"sheetflow_app\",\"password\":\"from-the-secret\",\"engine\":\"postgres\"}"))) {
            Map<String, Object> properties = new HashMap<>(db);
            // Like infra's DATASOURCES_DEFAULT_URL: no user in the URL (the fixture's URL carries one).
            properties.put("datasources.default.url", db.get("datasources.default.url").replaceAll("[?&]user=[^&]*", ""));
            properties.put("datasources.default.username", "not-the-secrets-user");
            properties.putAll(awsProperties(stub));
            try (ApplicationContext ctx = ApplicationContext.run(properties, "test")) {
                DataSource pool = DelegatingDataSource.unwrapDataSource(ctx.getBean(DataSource.class));
                try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
                    rs.next();
                    assertEquals("sheetflow_app", rs.getString(1));
                }
                assertEquals(1, stub.requests().size(), stub.requests().toString());
                assertTrue(stub.requests().get(0).startsWith("secretsmanager.GetSecretValue"), stub.requests().toString());
                assertTrue(stub.requests().get(0).contains(ARN));
            }
        }
    }

    @Test
    void unknownSecret_stopsTheStart_withAMessageNamingTheSecret() throws Exception {
        try (SecretsManagerStub stub = new SecretsManagerStub(Map.of())) {
            Map<String, Object> properties = new HashMap<>(awsProperties(stub));
            properties.put("datasources.default.url", "jdbc:h2:mem:secret-missing;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
            properties.put("sheetflow.data-dir", Files.createTempDirectory("sheetflow-secret-").toString());
            var e = assertThrows(BeanInstantiationException.class, () -> {
                try (ApplicationContext ctx = ApplicationContext.run(properties, "test")) {
                    ctx.getBean(DataSource.class).getConnection().close();
                }
            });
            Throwable root = e;
            while (root.getCause() != null && !(root instanceof IllegalStateException)) {
                root = root.getCause();
            }
            assertTrue(root.getMessage().contains(ARN), root.getMessage());
        }
    }

    @Test
    void secretWithoutPassword_isRefusedWithAMessage() {
        var e = assertThrows(IllegalStateException.class, () -> DatabaseSecret.parse(ARN, "{\"username\":\"u\"}"));
        assertTrue(e.getMessage().contains("\"username\" and \"password\""), e.getMessage());
    }

    private static Map<String, String> awsProperties(SecretsManagerStub stub) {
        return Map.of(
                DatabaseSecret.ARN_PROPERTY, ARN,
                "aws.region", "eu-west-1",
                "sheetflow.aws.access-key-id", "test",
                "sheetflow.aws.secret-key", "test-secret",
                "aws.services.secretsmanager.endpoint-override", stub.endpoint().toString());
    }

    /** Plain JDBC with the fixture's admin user, to prepare the role the secret names. */
    private static final class DriverManagerLike {
        static Connection connect(Map<String, String> db) throws java.sql.SQLException {
            return java.sql.DriverManager.getConnection(db.get("datasources.default.url"),
                    db.get("datasources.default.username"), db.get("datasources.default.password"));
        }
    }
}
