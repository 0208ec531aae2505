package io.sheetflow.archive;

import io.micronaut.transaction.TransactionOperations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows per table, stored objects and work files of restores: equal before and after a refused restore. */
record RestoreLeftovers(Map<String, Long> rows, long objects, long workFiles) {

    static RestoreLeftovers count(TransactionOperations<Connection> tx, Path dataDir, long objects) throws IOException {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : List.of("conversation", "message", "stored_file", "workflow_run", "workflow_step", "event",
                "stateless_output")) {
            rows.put(table, tx.executeRead(status -> {
                try (var st = status.getConnection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    return rs.getLong(1);
                }
            }));
        }
        Path work = dataDir.resolve("work").resolve("archives");
        long workFiles = 0;
        if (Files.exists(work)) {
            try (var list = Files.list(work)) {
                workFiles = list.count();
            }
        }
        return new RestoreLeftovers(rows, objects, workFiles);
    }
}
