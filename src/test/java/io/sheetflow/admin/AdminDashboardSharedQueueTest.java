package io.sheetflow.admin;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.EmbeddedPostgres;

import java.util.HashMap;
import java.util.Map;

/**
 * Every dashboard test with the scale-out settings on PostgreSQL ({@code sheetflow.runs.queue: database}, events and
 * limits shared): the queue figures come from the database and the shared queue pushes its changes. Two instances:
 * {@code io.sheetflow.cluster.SharedQueueDashboardTest}.
 */
@MicronautTest(transactional = false)
class AdminDashboardSharedQueueTest extends AdminDashboardTest {

    @Override
    protected Map<String, String> databaseProperties() {
        Map<String, String> properties = new HashMap<>(EmbeddedPostgres.newDatabaseProperties());
        properties.put("sheetflow.runs.queue", "database");
        properties.put("sheetflow.events.fanout", "database");
        properties.put("sheetflow.limits.store", "database");
        return properties;
    }
}
