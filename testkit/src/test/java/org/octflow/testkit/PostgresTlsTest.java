package org.octflow.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL with TLS on: verify-full against the local CA connects encrypted; plain or untrusting clients are refused. */
class PostgresTlsTest {
    @TempDir
    static Path dir;
    private static LocalTls tls;
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        tls = LocalTls.create(dir.resolve("tls"), "octflow-postgres");
        postgres = LocalPostgres.startWithTls(dir.resolve("postgres"), FreePorts.next(), tls);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void verifyFullAgainstTheLocalCaConnectsOverTls() throws Exception {
        try (Connection connection = DriverManager.getConnection(url("sslmode=verify-full&sslrootcert="
                + tls.caCertificate()), LocalPostgres.USER, "");
             ResultSet ssl = connection.createStatement()
                     .executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(ssl.next()).isTrue();
            assertThat(ssl.getBoolean("ssl")).isTrue();
            System.out.println("PostgreSQL connection: " + ssl.getString("version"));
        }
    }

    @Test
    void aPlainConnectionIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(url("sslmode=disable"), LocalPostgres.USER, ""))
                .isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
    }

    @Test
    void aServerCertificateFromAnotherAuthorityIsRefused() {
        LocalTls other = LocalTls.create(dir.resolve("other-ca"), "somebody-else");
        assertThatThrownBy(() -> DriverManager.getConnection(url("sslmode=verify-full&sslrootcert="
                + other.caCertificate()), LocalPostgres.USER, ""))
                .isInstanceOf(SQLException.class).hasStackTraceContaining("PKIX path");
    }

    private static String url(String parameters) {
        return postgres.jdbcUrl("postgres") + "?" + parameters;
    }
}
