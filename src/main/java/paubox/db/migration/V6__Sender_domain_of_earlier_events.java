package paubox.db.migration;

import com.example.paubox.notify.RecipientMasking;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills in {@code webhook_events.sender_domain} (V4) for the webhooks stored before it existed, from
 * each stored notification's {@code payload.from}, so that the console's filters and bounce rates
 * count them too. A Java migration (Flyway finds it by this package, the migrations' location):
 * reading the JSON is not portable SQL between PostgreSQL and H2. A body that cannot be read, or
 * has no sender, is left NULL.
 */
public class V6__Sender_domain_of_earlier_events extends BaseJavaMigration {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        long after = 0;
        while (true) {
            int seen = 0;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, raw_body FROM webhook_events
                    WHERE id > ? AND sender_domain IS NULL AND source = 'webhook' ORDER BY id LIMIT %d""".formatted(BATCH));
                    PreparedStatement update = connection.prepareStatement("UPDATE webhook_events SET sender_domain = ? WHERE id = ?")) {
                select.setLong(1, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seen++;
                        after = rows.getLong(1);
                        String domain = domain(rows.getString(2));
                        if (domain != null) {
                            update.setString(1, domain);
                            update.setLong(2, after);
                            update.addBatch();
                        }
                    }
                }
                update.executeBatch();
            }
            if (seen < BATCH) {
                return;
            }
        }
    }

    static String domain(String rawBody) {
        try {
            JsonNode from = JSON.readTree(rawBody).path("payload").path("from");
            if (!from.isTextual()) {
                return null;
            }
            // As the intake derives it for new events (InboxWriter.senderDomain).
            String domain = RecipientMasking.domain(from.asText().toLowerCase(Locale.ROOT));
            return "(unknown)".equals(domain) || domain.length() > 255 ? null : domain;
        } catch (Exception unreadable) {
            return null;
        }
    }
}
