package org.octflow.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

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
                assertThat(rows.getString(1)).isNotNull();
            }
        }
    }
}
