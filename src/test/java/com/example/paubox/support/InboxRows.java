package com.example.paubox.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** What a receiver's inbox holds, read straight from its database (a packaged receiver's H2 file, say). */
public final class InboxRows {

    private InboxRows() {
    }

    /** The Paubox ids of the stored events. */
    public static Set<Long> pauboxIds(Connection db) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (ResultSet rows = db.createStatement().executeQuery("SELECT paubox_message_id FROM webhook_events")) {
            while (rows.next()) {
                ids.add(Long.parseLong(rows.getString(1)));
            }
        }
        return ids;
    }
}
