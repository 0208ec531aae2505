package io.sheetflow.lambda;

import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.ManagementApiStandIn;

import java.util.HashMap;
import java.util.Map;

/** Switches on the test stand-ins for the other Lambda adapters (run queue, event publisher). */
public final class LambdaStandIns {
    public static final String PROPERTY = "sheetflow.test.lambda-stand-ins";

    private static ManagementApiStandIn managementApi;

    private LambdaStandIns() {
    }

    /**
     * The run queue URL (a real ElasticMQ queue) and the management endpoint (a real stand-in server) that every
     * Lambda context needs to start, for tests whose queue and publisher are the stand-ins above.
     */
    public static synchronized Map<String, String> awsEndpoints() {
        if (managementApi == null) {
            managementApi = new ManagementApiStandIn();
        }
        Map<String, String> properties = new HashMap<>(ElasticMq.queueProperties(ElasticMq.newQueue()));
        properties.put("sheetflow.websocket.management-endpoint", managementApi.endpoint().toString());
        return properties;
    }
}
