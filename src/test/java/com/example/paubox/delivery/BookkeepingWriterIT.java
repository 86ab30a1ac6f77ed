package com.example.paubox.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.paubox.support.Postgres;
import com.example.paubox.system.ReceiverMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bookkeeping group commit, on H2 and PostgreSQL: statements issued together share one
 * transaction, each caller gets its own update count once committed, and a statement at fault
 * fails alone. The writer is held on a row lock so that the next statements are sure to queue up
 * behind it and form one group.
 */
class BookkeepingWriterIT {

    private static final String SCHEMA = "bookkeeping_writer_it";

    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private SimpleMeterRegistry registry;
    private JdbcTemplate jdbc;
    private BookkeepingWriter writer;
    private Connection lockHolder;
    private String blockedSessions;

    @AfterEach
    void tearDown() throws Exception {
        if (lockHolder != null) {
            lockHolder.close();
        }
        if (writer != null) {
            writer.stop();
        }
        callers.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statementsIssuedTogetherShareOneCommitAndEachGetsItsOwnCount(String database) throws Exception {
        start(database);
        CompletableFuture<Integer> first = holdWriterOnRow1();

        List<CompletableFuture<Integer>> updates = new ArrayList<>();
        for (int id = 2; id <= 10; id++) {
            updates.add(issue("UPDATE bk SET v = v + 1 WHERE id = ?", id));
        }
        CompletableFuture<Integer> noRow = issue("UPDATE bk SET v = v + 1 WHERE id = ?", 99);
        CompletableFuture<Integer> insert = issue("INSERT INTO bk (id, v) VALUES (?, ?)", 50, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == 11);
        lockHolder.rollback();

        assertThat(first.get()).isEqualTo(1);
        for (CompletableFuture<Integer> update : updates) {
            assertThat(update.get()).isEqualTo(1);
        }
        assertThat(noRow.get()).isZero();
        assertThat(insert.get()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT SUM(v) FROM bk", Integer.class)).isEqualTo(1 + 9 + 1);
        // The eleven that queued behind the held one were written in one transaction.
        assertThat(registry.get("paubox.bookkeeping.commit.statements").summary().max()).isEqualTo(11.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void statementsThatArriveOneByOneWithinTheLingerShareOneCommit(String database) throws Exception {
        start(database);
        writer.stop();
        writer = new BookkeepingWriter(jdbc, new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())),
                new ReceiverMetrics(registry, jdbc), 1, Duration.ofSeconds(2));

        CompletableFuture<Integer> first = writer.submit("UPDATE bk SET v = v + 1 WHERE id = ?", 1);
        Thread.sleep(100);
        CompletableFuture<Integer> second = writer.submit("UPDATE bk SET v = v + 1 WHERE id = ?", 2);
        Thread.sleep(100);
        CompletableFuture<Integer> third = writer.submit("INSERT INTO bk (id, v) VALUES (?, ?)", 60, 1);
        assertThat(first).as("not committed while the writer lingers").isNotDone();

        assertThat(writer.await(first)).isEqualTo(1);
        assertThat(writer.await(second)).isEqualTo(1);
        assertThat(writer.await(third)).isEqualTo(1);
        DistributionSummary commits = registry.get("paubox.bookkeeping.commit.statements").summary();
        assertThat(commits.count()).as("one commit").isEqualTo(1);
        assertThat(commits.max()).isEqualTo(3.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStatementAtFaultFailsAloneAndTheRestOfItsGroupCommits(String database) throws Exception {
        start(database);
        CompletableFuture<Integer> first = holdWriterOnRow1();

        CompletableFuture<Integer> before = issue("UPDATE bk SET v = v + 1 WHERE id = ?", 2);
        CompletableFuture<Integer> duplicate = issue("INSERT INTO bk (id, v) VALUES (?, ?)", 3, 1);
        CompletableFuture<Integer> after = issue("UPDATE bk SET v = v + 1 WHERE id = ?", 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.waiting() == 3);
        lockHolder.rollback();

        assertThat(first.get()).isEqualTo(1);
        assertThat(before.get()).isEqualTo(1);
        assertThat(after.get()).isEqualTo(1);
        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.queryForList("SELECT id FROM bk WHERE v = 1 ORDER BY id", Integer.class)).containsExactly(1, 2, 4);
    }

    private void start(String database) throws Exception {
        DriverManagerDataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + SCHEMA + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", "sa", "");
            blockedSessions = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        } else {
            Postgres.assumeReachable(SCHEMA);
            dataSource = new DriverManagerDataSource(Postgres.URL, "postgres", "");
            new JdbcTemplate(dataSource).execute("CREATE SCHEMA " + SCHEMA);
            dataSource = new DriverManagerDataSource(Postgres.url(SCHEMA), "postgres", "");
            blockedSessions = "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
        }
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP TABLE IF EXISTS bk");
        jdbc.execute("CREATE TABLE bk (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
        for (int id = 1; id <= 20; id++) {
            jdbc.update("INSERT INTO bk (id, v) VALUES (?, 0)", id);
        }
        registry = new SimpleMeterRegistry();
        // One writer thread, so that what queues behind the held statement waits for it.
        writer = new BookkeepingWriter(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new ReceiverMetrics(registry, jdbc), 1);
        lockHolder = dataSource.getConnection();
        lockHolder.setAutoCommit(false);
    }

    /** Locks row 1 from another transaction and has the writer update it: the writer waits. */
    private CompletableFuture<Integer> holdWriterOnRow1() throws Exception {
        lockHolder.createStatement().executeUpdate("UPDATE bk SET v = v WHERE id = 1");
        CompletableFuture<Integer> first = issue("UPDATE bk SET v = v + 1 WHERE id = ?", 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(blockedSessions, Integer.class) > 0 && writer.waiting() == 0);
        return first;
    }

    private CompletableFuture<Integer> issue(String sql, Object... args) {
        return CompletableFuture.supplyAsync(() -> writer.update(sql, args), callers);
    }
}
