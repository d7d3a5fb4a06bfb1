package org.octflow.contracts.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The one place every OCTFlow app builds its Kafka client properties: any standard client property (TLS, SASL,
 * client.id, compression...) from a properties file and from {@code OCTFLOW_KAFKA_*} environment variables
 * ({@code OCTFLOW_KAFKA_SECURITY_PROTOCOL} = {@code security.protocol}, the convention Strimzi and Quarkus users
 * know), under the settings the app itself needs to be correct (isolation, transactions), which always win.
 * Secrets never leave it in clear: {@link #describe} shows them as {@code [hidden]}.
 */
public final class KafkaClientConfig {
    /** Environment variables of this prefix become client properties. */
    public static final String ENV_PREFIX = "OCTFLOW_KAFKA_";
    /** A properties file of client settings, read first; the environment wins over it. */
    public static final String FILE_ENV = "OCTFLOW_KAFKA_CONFIG_FILE";
    /** Where the brokers are, the same name in every app and manifest: {@code bootstrap.servers} under the prefix. */
    public static final String BOOTSTRAP_SERVERS_ENV = "OCTFLOW_KAFKA_BOOTSTRAP_SERVERS";
    /**
     * Older names of {@link #BOOTSTRAP_SERVERS_ENV} (the worker's, and the gateway's that the launcher set): read for
     * one more release, with a warning naming the new one. Remove them in the release after.
     */
    public static final List<String> DEPRECATED_BOOTSTRAP_SERVERS_ENV = List.of("OCTFLOW_BOOTSTRAP_SERVERS",
            "KAFKA_BOOTSTRAP_SERVERS");
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientConfig.class);
    private static final Pattern SECRET = Pattern.compile("password|jaas|secret|credential|token|(^|\\.)key($|\\.)",
            Pattern.CASE_INSENSITIVE);

    private final Map<String, String> user;

    private KafkaClientConfig(Map<String, String> user) {
        this.user = Map.copyOf(user);
    }

    /** Nothing but where the brokers are: a plain local broker. */
    public static KafkaClientConfig plain(String bootstrapServers) {
        return new KafkaClientConfig(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** Exactly these settings (a test's or the local stack's own). */
    public static KafkaClientConfig of(Map<String, String> settings) {
        return new KafkaClientConfig(settings);
    }

    /** {@link #load(Map, Path, Set)} of this process's environment. */
    public static KafkaClientConfig fromEnvironment(Path file, Set<String> appVariables) {
        return load(System.getenv(), file, appVariables);
    }

    /** {@link #load(Map, Path, Set, Consumer)}, warning in this class's log. */
    public static KafkaClientConfig load(Map<String, String> env, Path file, Set<String> appVariables) {
        return load(env, file, appVariables, LOG::warn);
    }

    /**
     * Reads the file named by {@code file} (or by {@value #FILE_ENV}), then the {@code OCTFLOW_KAFKA_*} variables,
     * then a deprecated name of {@value #BOOTSTRAP_SERVERS_ENV} if nothing else named the brokers.
     *
     * @param file         a properties file, or null
     * @param appVariables variables of the prefix that are the app's own settings, not client properties (the
     *                     gateway's {@code OCTFLOW_KAFKA_GROUP_ID})
     * @param warnings     told one line per deprecated variable set
     */
    public static KafkaClientConfig load(Map<String, String> env, Path file, Set<String> appVariables,
                                         Consumer<String> warnings) {
        Map<String, String> settings = new TreeMap<>();
        Path source = file != null ? file : env.containsKey(FILE_ENV) ? Path.of(env.get(FILE_ENV)) : null;
        if (source != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(source)) {
                properties.load(reader);
            } catch (IOException e) {
                String namedBy = file != null ? "the app's Kafka config file setting (--kafka-config-file, or the"
                        + " gateway's octflow.kafka.config-file)" : FILE_ENV;
                throw new UncheckedIOException("cannot read the Kafka client settings in " + source + " ("
                        + e.getMessage() + "): point " + namedBy + " at a readable properties file", e);
            }
            properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals(FILE_ENV) && !appVariables.contains(name)
                    && value != null && !value.isBlank()) {
                settings.put(propertyName(name), value);
            }
        });
        for (String old : DEPRECATED_BOOTSTRAP_SERVERS_ENV) {
            String value = env.get(old);
            if (value != null && !value.isBlank()) {
                boolean used = settings.putIfAbsent("bootstrap.servers", value) == null;
                warnings.accept(old + " is deprecated and will be removed in the next release: set "
                        + BOOTSTRAP_SERVERS_ENV + " instead" + (used ? "" : " (ignored: the brokers are already set)"));
            }
        }
        return new KafkaClientConfig(settings);
    }

    /** {@code OCTFLOW_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config}. */
    public static String propertyName(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code sasl.jaas.config} is {@code OCTFLOW_KAFKA_SASL_JAAS_CONFIG}. */
    public static String environmentName(String propertyName) {
        return ENV_PREFIX + propertyName.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** These settings as the variables {@link #load} reads back: how a parent hands them to a child process. */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        user.forEach((name, value) -> env.put(environmentName(name), value));
        return env;
    }

    /** The user's settings alone (file, then environment). */
    public Map<String, String> settings() {
        return user;
    }

    /**
     * A client's properties: the app's {@code defaults} (tunable), then the user's settings, then what the app
     * {@code requires} to be correct, which nobody may override.
     */
    public Properties clientProperties(Map<String, Object> defaults, Map<String, Object> requires) {
        Properties props = new Properties();
        props.putAll(defaults);
        props.putAll(user);
        props.putAll(requires);
        return props;
    }

    /** These settings with the brokers a flag named; null keeps the configured ones. */
    public KafkaClientConfig withBootstrapServers(String servers) {
        return servers == null || servers.isBlank() ? this : with(Map.of("bootstrap.servers", servers));
    }

    /** These settings and {@code more}, which win. */
    public KafkaClientConfig with(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(user);
        merged.putAll(more);
        return new KafkaClientConfig(merged);
    }

    /** Where the brokers are; says how to set it when nobody did. */
    public String bootstrapServers() {
        String servers = user.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("no Kafka brokers configured: set " + BOOTSTRAP_SERVERS_ENV
                    + " (or bootstrap.servers in the Kafka config file), e.g. localhost:9092");
        }
        return servers;
    }

    /** A client's properties when the app has nothing of its own to add (admin clients, readers). */
    public Properties clientProperties() {
        return clientProperties(Map.of(), Map.of());
    }

    /** For logs: every setting, secrets as {@code [hidden]}. */
    public String describe() {
        Map<String, String> shown = new TreeMap<>();
        user.forEach((name, value) -> shown.put(name, isSecret(name) ? "[hidden]" : value));
        return shown.toString();
    }

    /** Names whose values are secrets: passwords, JAAS configs, key material. */
    public static boolean isSecret(String name) {
        return SECRET.matcher(name).find();
    }
}
