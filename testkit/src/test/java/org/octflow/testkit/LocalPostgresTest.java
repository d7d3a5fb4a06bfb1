package org.octflow.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPostgresTest {
    @TempDir
    Path dir;

    @Test
    void aRealPostgresKeepsItsDataAcrossRestarts() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dir)) {
            String url = postgres.createDatabase("octflow");
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE scans (id text primary key)");
                s.execute("INSERT INTO scans VALUES ('s-1')");
            }
        }
        try (LocalPostgres postgres = LocalPostgres.start(dir)) {
            String url = postgres.createDatabase("octflow");
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
                 Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT id FROM scans")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("s-1");
            }
        }
    }

    @Test
    void runsWithDurableCommitsAsProductionDoes() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dir);
             Connection c = DriverManager.getConnection(postgres.createDatabase("octflow"), LocalPostgres.USER, "")) {
            assertThat(setting(c, "fsync")).isEqualTo("on");
            assertThat(setting(c, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(c, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void everyAcknowledgedCommitSurvivesAKill9OfThePostmaster() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(dir);
        int port = postgres.port();
        String url = postgres.createDatabase("octflow");
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acked (n bigint primary key)");
        }
        AtomicLong acknowledged = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
                 Statement s = c.createStatement()) {
                for (long n = 1; ; n++) {
                    s.execute("INSERT INTO acked VALUES (" + n + ")"); // autocommit: returns once committed
                    acknowledged.set(n);
                }
            } catch (SQLException e) {
                // the server died under us
            }
        });
        writer.start();
        while (acknowledged.get() < 300) {
            Thread.sleep(5);
        }

        postgres.kill();
        writer.join(10_000);

        try (LocalPostgres again = LocalPostgres.start(dir, port);
             Connection c = DriverManager.getConnection(again.jdbcUrl("octflow"), LocalPostgres.USER, "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*), coalesce(max(n), 0) FROM acked")) {
            rows.next();
            assertThat(rows.getLong(2)).as("highest committed row after the crash").isGreaterThanOrEqualTo(acknowledged.get());
            assertThat(rows.getLong(1)).as("no gaps").isEqualTo(rows.getLong(2));
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
