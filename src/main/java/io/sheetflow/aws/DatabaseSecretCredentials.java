package io.sheetflow.aws;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the user name and password from {@link DatabaseSecret} into the datasource configuration before the pool
 * is built, so no credential sits in an environment variable (the CDK stack passes only the secret's ARN).
 */
@Singleton
@Requires(property = DatabaseSecret.ARN_PROPERTY)
public class DatabaseSecretCredentials implements BeanCreatedEventListener<DatasourceConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSecretCredentials.class);
    private final DatabaseSecret secret;

    public DatabaseSecretCredentials(DatabaseSecret secret) {
        this.secret = secret;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        DatabaseSecret.Credentials credentials = secret.credentials();
        config.setUsername(credentials.username());
        config.setPassword(credentials.password());
        LOG.info("Datasource '{}' uses the credentials of the database secret (user {})", config.getName(),
                credentials.username());
        return config;
    }
}
