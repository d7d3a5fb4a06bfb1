package org.octflow.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.testkit.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A secured broker (SASL_SSL, ACLs) and a gateway that cannot get in, configured through the client settings file as
 * an operator would write it: as its user with a wrong password (init arg {@code client=wrong-password}, the
 * default), or as a plaintext client ({@code client=plaintext}), which the TLS listener never answers. The gateway
 * logs to a file, so tests can read what it said.
 */
public class RefusedKafkaStack implements QuarkusTestResourceLifecycleManager {
    public static final String WRONG_PASSWORD = "not-the-gateway-password";
    private Path directory;
    private LocalKafkaBroker kafka;
    private LocalPostgres postgres;
    private boolean plaintext;

    @Override
    public void init(Map<String, String> initArgs) {
        plaintext = "plaintext".equals(initArgs.getOrDefault("client", "wrong-password"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "octflow-refused-");
            kafka = LocalKafkaBroker.startSecured(directory.resolve("kafka"));
            kafka.createContractTopics();
            postgres = LocalPostgres.start(directory.resolve("postgres"), org.octflow.testkit.FreePorts.next());
            KafkaClientConfig wrong = plaintext ? KafkaClientConfig.plain(kafka.bootstrapServers())
                    : kafka.security().scramClient(kafka.bootstrapServers(), KafkaAccess.GATEWAY.user(), WRONG_PASSWORD);
            Path settings = directory.resolve("kafka-client.properties");
            Properties properties = new Properties();
            properties.putAll(wrong.settings());
            try (Writer writer = Files.newBufferedWriter(settings)) {
                properties.store(writer, "the gateway's Kafka client settings, wrong on purpose");
            }
            return Map.of(
                    "octflow.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "octflow.kafka.config-file", settings.toString(),
                    "quarkus.datasource.jdbc.url", postgres.createDatabase("octflow"),
                    "quarkus.datasource.username", LocalPostgres.USER,
                    "quarkus.datasource.password", "",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", directory.resolve("gateway.log").toString(),
                    "octflow.kafka.start-timeout", "PT5S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new GatewayLog(directory.resolve("gateway.log")),
                new TestInjector.MatchesType(GatewayLog.class));
    }

    @Override
    public void stop() {
        try (LocalKafkaBroker k = kafka; LocalPostgres p = postgres) {
            // closed in reverse order by try-with-resources
        } finally {
            OctflowStack.deleteQuietly(directory);
        }
    }

    /** What the gateway wrote to its log file. */
    public record GatewayLog(Path file) {
        public String text() {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(no log yet: " + e + ")";
            }
        }
    }
}
