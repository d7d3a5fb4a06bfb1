package org.octflow.system;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.JavaProcess;
import org.octflow.testkit.LocalPostgres;
import org.octflow.testkit.RenderedManifests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * The database as deploy/k8s sets it up, on a real PostgreSQL: the roles CloudNativePG makes from the rendered
 * {@code Cluster} (the database's owner; {@code octflow_runtime}; the gateway's login, a member of it), the shipped
 * gateway run with the migration Job's environment as the owner, then with the gateway Deployment's environment as
 * its runtime user: it starts on the migrated schema, reads and writes rows, and can change no table.
 */
class DatabaseMigrationJobIT {
    private static final Path GATEWAY = Launcher.HOME.resolve("gateway/target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RenderedManifests apps;
    private static RenderedManifests database;

    @TempDir
    Path dir;

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        apps = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        database = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("database"));
    }

    @Test
    void theJobMigratesAsTheOwnerAndTheGatewayThenRunsWithRowRightsOnly() throws Exception {
        Map<String, Object> initdb = map(get(database.require("Cluster", "octflow-db"), "spec.bootstrap.initdb"));
        String owner = String.valueOf(initdb.get("owner"));
        String name = String.valueOf(initdb.get("database"));
        String gatewayUser = gatewayLogin();
        try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
            String url = postgres.jdbcUrl(name);
            createAsCloudNativePgDoes(postgres, name, owner);

            Map<String, String> job = environment(apps.require("Job", "octflow-db-migrate"), url,
                    Map.of("octflow-db-app", owner));
            Run migration = runGateway(job, dir.resolve("migrate.log"), 0);
            assertThat(migration.exitCode()).as("the Job's exit code; its log:%n%s", migration.log()).isZero();
            assertThat(migration.log()).contains("Successfully applied " + shippedMigrations() + " migrations");
            try (Connection asOwner = connect(url, owner)) {
                assertThat(strings(asOwner, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"))
                        .containsExactly(owner);
            }
            Run again = runGateway(job, dir.resolve("migrate-again.log"), 0);
            assertThat(again.exitCode()).as("a second run; its log:%n%s", again.log()).isZero();
            assertThat(again.log()).contains("is up to date");

            int port = FreePorts.next();
            Map<String, String> deployment = environment(apps.require("Deployment", "gateway"), url,
                    Map.of("octflow-db-gateway", gatewayUser));
            // The secret's API keys: in the production profile the gateway refuses to start without them.
            deployment.put("OCTFLOW_API_KEYS_SUBMITTER", "it-submitter-key-0123456789");
            deployment.put("OCTFLOW_API_KEYS_READER", "it-reader-key-0123456789");
            assertThat(deployment).containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
            Run gateway = runGateway(deployment, dir.resolve("gateway.log"), port);
            try {
                assertThat(awaitStarted(port, gateway)).as("the gateway as %s started; its log:%n%s", gatewayUser,
                        gateway.log()).isTrue();
                assertThat(http(port, "/q/health/ready").body()).as("readiness: the database check is up")
                        .containsPattern("\"name\": \"database\",\\s*\"status\": \"UP\"");
            } finally {
                gateway.process().destroy();
                gateway.process().waitFor(20, TimeUnit.SECONDS);
            }
            try (Connection asGateway = connect(url, gatewayUser); Statement sql = asGateway.createStatement()) {
                sql.execute("INSERT INTO scan (id, batch_id, position, encoding, size_bytes, width, height, status,"
                        + " submitted_at) VALUES ('s-1', 'b-1', 0, 'PNG', 10, 28, 28, 'QUEUED', now())");
                sql.execute("UPDATE scan SET status = 'FAILED' WHERE id = 's-1'");
                sql.execute("DELETE FROM scan WHERE id = 's-1'");
                assertRefused(sql, "CREATE TABLE notes (text TEXT)");
                assertRefused(sql, "ALTER TABLE scan ADD COLUMN notes TEXT");
                assertRefused(sql, "DROP TABLE prediction");
                assertRefused(sql, "DELETE FROM flyway_schema_history");
            }
        }
    }

    @Test
    void aJobOnADatabaseWithoutTheRuntimeRoleFailsSayingWhatToCreate() throws Exception {
        Map<String, Object> initdb = map(get(database.require("Cluster", "octflow-db"), "spec.bootstrap.initdb"));
        String owner = String.valueOf(initdb.get("owner"));
        try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"))) {
            String url = postgres.jdbcUrl("octflow");
            try (Connection admin = connect(postgres.jdbcUrl("postgres"), LocalPostgres.USER);
                 Statement sql = admin.createStatement()) {
                sql.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password(owner) + "'");
                sql.execute("CREATE DATABASE octflow OWNER " + owner);
            }
            Run migration = runGateway(environment(apps.require("Job", "octflow-db-migrate"), url,
                    Map.of("octflow-db-app", owner)), dir.resolve("migrate.log"), 0);

            assertThat(migration.exitCode()).as("log:%n%s", migration.log()).isNotZero();
            assertThat(migration.log()).contains("role octflow_runtime does not exist: create it (NOLOGIN)");
        }
    }

    /** The login role of the Cluster's managed roles that the gateway's credentials belong to. */
    private static String gatewayLogin() {
        for (Object role : list(get(database.require("Cluster", "octflow-db"), "spec.managed.roles"))) {
            if ("octflow-db-gateway".equals(get(map(role), "passwordSecret.name"))) {
                assertThat(list(map(role).get("inRoles"))).contains("octflow_runtime");
                return String.valueOf(map(role).get("name"));
            }
        }
        throw new AssertionError("no managed role of the Cluster has the gateway's secret octflow-db-gateway");
    }

    /**
     * What the operator does at bootstrap and for {@code spec.managed.roles}: the owner owns the database (and, as
     * from PostgreSQL 15, its public schema), and each role is created with its memberships.
     */
    private static void createAsCloudNativePgDoes(LocalPostgres postgres, String name, String owner) throws SQLException {
        try (Connection admin = connect(postgres.jdbcUrl("postgres"), LocalPostgres.USER);
             Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password(owner) + "'");
            sql.execute("CREATE DATABASE " + name + " OWNER " + owner);
            for (Object entry : list(get(database.require("Cluster", "octflow-db"), "spec.managed.roles"))) {
                Map<String, Object> role = map(entry);
                String roleName = String.valueOf(role.get("name"));
                sql.execute(Boolean.TRUE.equals(role.get("login"))
                        ? "CREATE ROLE " + roleName + " LOGIN PASSWORD '" + password(roleName) + "'"
                        : "CREATE ROLE " + roleName + " NOLOGIN");
                for (Object member : list(role.get("inRoles"))) {
                    sql.execute("GRANT " + member + " TO " + roleName);
                }
            }
        }
        try (Connection admin = connect(postgres.jdbcUrl(name), LocalPostgres.USER);
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER SCHEMA public OWNER TO " + owner);
        }
    }

    /**
     * The container's environment as Kubernetes would give it: its ConfigMaps, its values, and each secret
     * reference resolved to the user the secret holds (and that user's test password). The database URL is this
     * test's; TLS to PostgreSQL is PostgresTlsTest's and SecuredPipelineIT's.
     */
    private static Map<String, String> environment(Map<String, Object> workload, String url,
                                                   Map<String, String> userOfSecret) {
        Map<String, String> env = new HashMap<>(apps.environment(apps.containers(workload).get(0), valueFrom -> {
            String user = userOfSecret.get(String.valueOf(get(valueFrom, "secretKeyRef.name")));
            if (user == null) {
                return null;
            }
            return "username".equals(get(valueFrom, "secretKeyRef.key")) ? user : password(user);
        }));
        assertThat(env).containsKey("QUARKUS_DATASOURCE_JDBC_URL");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
        return env;
    }

    private record Run(Process process, Path logFile) {
        int exitCode() {
            return process.exitValue();
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (java.io.IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    /** Runs the packaged gateway; with port 0 (the Job) it waits for the process to end. */
    private static Run runGateway(Map<String, String> env, Path log, int port) throws Exception {
        assertThat(GATEWAY).as("the packaged gateway (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xmx256m", "-jar",
                GATEWAY.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("OCTFLOW_"));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Process process = builder.start();
        if (port == 0) {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the Job's process ended within 3 minutes").isTrue();
        }
        return new Run(process, log);
    }

    private static boolean awaitStarted(int port, Run gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && gateway.process().isAlive()) {
            try {
                if (http(port, "/q/health/started").statusCode() == 200) {
                    return true;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static HttpResponse<String> http(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(Statement sql, String statement) {
        assertThatThrownBy(() -> sql.execute(statement)).as(statement).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as("SQL state of %s", statement)
                        .isEqualTo("42501"));
    }

    private static Connection connect(String url, String user) throws SQLException {
        return DriverManager.getConnection(url, user, user.equals(LocalPostgres.USER) ? "" : password(user));
    }

    private static List<String> strings(Connection connection, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String password(String user) {
        return "test-password-of-" + user;
    }

    /** The gateway's own migration scripts: the Job must apply every one of them. */
    private static long shippedMigrations() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Launcher.HOME.resolve("gateway/src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}
