package com.example.paubox.tickets;

import com.example.paubox.support.MariaDb;
import org.springframework.jdbc.core.JdbcTemplate;

/** docs/tickets.md's helpdesk table in MariaDB (127.0.0.1:3306, database test). */
class MariaDbTicketsIT extends ExternalTicketsITSupport {

    @Override
    protected void assumeReachable() {
        MariaDb.assumeReachable();
    }

    @Override
    protected String url(String hostAndPort) {
        return MariaDb.URL.replace("127.0.0.1:3306", hostAndPort);
    }

    @Override
    protected int serverPort() {
        return Integer.parseInt(MariaDb.URL.replaceFirst("^.*://[^:/]+:(\\d+)/.*$", "$1"));
    }

    @Override
    protected String username() {
        return MariaDb.USER;
    }

    @Override
    protected String password() {
        return MariaDb.PASSWORD;
    }

    @Override
    protected void createHelpdeskTable(JdbcTemplate helpdesk) {
        helpdesk.execute("DROP TABLE IF EXISTS helpdesk_tickets");
        helpdesk.execute("""
                CREATE TABLE helpdesk_tickets (
                    ticket_no  BIGINT AUTO_INCREMENT PRIMARY KEY,
                    requester  VARCHAR(320) NOT NULL,
                    state      VARCHAR(10)  NOT NULL,
                    hits       INT          NOT NULL,
                    first_seen TIMESTAMP(3) NOT NULL,
                    last_seen  TIMESTAMP(3) NOT NULL,
                    paubox_ref VARCHAR(64)
                )""");
    }
}
