package com.example.paubox.tickets;

import com.example.paubox.support.Postgres;
import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * docs/tickets.md's helpdesk table in a PostgreSQL database of its own ({@code helpdesk}), apart from
 * the one the receivers' inboxes use, with the partial unique index docs/tickets.md suggests.
 */
class PostgresTicketsIT extends ExternalTicketsITSupport {

    private String url;

    @Override
    protected void assumeReachable() throws SQLException {
        Postgres.assumeReachable("helpdesk_probe");
        url = Postgres.otherDatabase("helpdesk");
    }

    @Override
    protected String url(String hostAndPort) {
        return url.replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
    }

    @Override
    protected int serverPort() {
        return Integer.parseInt(url.replaceFirst("^.*://[^:/]+:(\\d+)/.*$", "$1"));
    }

    @Override
    protected String username() {
        return "postgres";
    }

    @Override
    protected String password() {
        return "";
    }

    @Override
    protected void createHelpdeskTable(JdbcTemplate helpdesk) {
        helpdesk.execute("DROP TABLE IF EXISTS helpdesk_tickets");
        helpdesk.execute("""
                CREATE TABLE helpdesk_tickets (
                    ticket_no  BIGSERIAL    PRIMARY KEY,
                    requester  VARCHAR(320) NOT NULL,
                    state      VARCHAR(10)  NOT NULL,
                    hits       INT          NOT NULL,
                    first_seen TIMESTAMPTZ  NOT NULL,
                    last_seen  TIMESTAMPTZ  NOT NULL,
                    paubox_ref VARCHAR(64)
                )""");
        helpdesk.execute("CREATE UNIQUE INDEX helpdesk_one_open ON helpdesk_tickets (requester) WHERE state = 'open'");
    }
}
