package io.sheetflow.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.util.HashMap;
import java.util.Map;

/** Every limit of {@link LimitsTest}, counted in the database ({@code sheetflow.limits.store: database}) on H2. */
@MicronautTest
class DatabaseLimitsOnH2Test extends LimitsTest {

    @Override
    protected Map<String, String> extraProperties() {
        Map<String, String> properties = new HashMap<>(super.extraProperties());
        properties.put("sheetflow.limits.store", "database");
        return properties;
    }
}
