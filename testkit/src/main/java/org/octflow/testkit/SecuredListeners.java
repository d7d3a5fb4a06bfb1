package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the secured local broker is reached, as a hospital's shared cluster would be:
 * <ul>
 *   <li>clients: SASL_SSL with SCRAM-SHA-512, one user per app ({@link KafkaAccess}), made through the admin API, and
 *       KRaft's StandardAuthorizer holding each user to its ACLs (no ACL, no access);</li>
 *   <li>broker to controller and the super user's admin client: mutual TLS on listeners of their own (SCRAM cannot
 *       serve a KRaft controller: its credentials live in the metadata the controller serves), the principal
 *       {@code CN=octflow-broker} of the certificate being the only super user.</li>
 * </ul>
 * Certificates come from {@link LocalTls}; passwords are random, kept in this directory (owner-only files).
 */
public final class SecuredListeners {
    static final String BROKER_CN = "octflow-broker";
    private static final String SCRAM = "SCRAM-SHA-512";
    private final LocalTls tls;
    private final int internalPort;
    private final Map<KafkaAccess, String> passwords;

    private SecuredListeners(LocalTls tls, int internalPort, Map<KafkaAccess, String> passwords) {
        this.tls = tls;
        this.internalPort = internalPort;
        this.passwords = passwords;
    }

    static SecuredListeners prepare(Path directory, int internalPort) {
        LocalTls tls = LocalTls.create(directory.resolve("tls"), BROKER_CN);
        return new SecuredListeners(tls, internalPort, passwords(directory.resolve("scram-users.properties")));
    }

    /** The certificates (for a test that needs the trust store, or its password to look for in logs). */
    public LocalTls tls() {
        return tls;
    }

    /** Every secret this broker's clients hold: a full run's logs must contain none of them. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(tls.password());
        return secrets;
    }

    /** {@code who}'s password (for a test that needs a wrong one next to it). */
    public String password(KafkaAccess who) {
        return passwords.get(who);
    }

    KafkaClientConfig clientConfig(KafkaAccess who, String bootstrapServers) {
        return scramClient(bootstrapServers, who.user(), passwords.get(who));
    }

    /** A SASL_SSL client of {@code user} with {@code password}, trusting the local CA. */
    public KafkaClientConfig scramClient(String bootstrapServers, String user, String password) {
        Map<String, String> settings = new java.util.HashMap<>(tls.trustSettings());
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", SCRAM);
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return KafkaClientConfig.of(settings);
    }

    /** The super user: mutual TLS on the internal listener. */
    KafkaClientConfig superUser() {
        Map<String, String> settings = new java.util.HashMap<>(tls.trustSettings());
        settings.putAll(tls.keySettings());
        settings.put("bootstrap.servers", "127.0.0.1:" + internalPort);
        settings.put("security.protocol", "SSL");
        return KafkaClientConfig.of(settings);
    }

    String brokerSettings(int clientPort, int controllerPort) {
        List<String> lines = new ArrayList<>(List.of(
                "listeners=CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort,
                "listener.security.protocol.map=CLIENT:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=INTERNAL",
                "listener.name.client.sasl.enabled.mechanisms=" + SCRAM,
                "listener.name.client." + SCRAM.toLowerCase() + ".sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.internal.ssl.client.auth=required",
                "listener.name.controller.ssl.client.auth=required",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:CN=" + BROKER_CN));
        tls.keySettings().forEach((name, value) -> lines.add(name + "=" + value));
        tls.trustSettings().forEach((name, value) -> lines.add(name + "=" + value));
        return String.join("\n", lines);
    }

    /** Creates (or updates) every app's SCRAM user and its ACLs; safe to run at every start. */
    void grant(Admin admin) {
        List<UserScramCredentialUpsertion> users = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        for (KafkaAccess who : KafkaAccess.values()) {
            users.add(new UserScramCredentialUpsertion(who.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), passwords.get(who)));
            acls.addAll(who.acls());
        }
        try {
            admin.alterUserScramCredentials(List.copyOf(users)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the secured broker refused its users or ACLs: " + e.getMessage(), e);
        }
    }

    private static Map<KafkaAccess, String> passwords(Path file) {
        try {
            Properties stored = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    stored.load(reader);
                }
            }
            Map<KafkaAccess, String> passwords = new EnumMap<>(KafkaAccess.class);
            SecureRandom random = new SecureRandom();
            for (KafkaAccess who : KafkaAccess.values()) {
                String password = stored.getProperty(who.user());
                if (password == null) {
                    byte[] secret = new byte[18];
                    random.nextBytes(secret);
                    password = HexFormat.of().formatHex(secret);
                    stored.setProperty(who.user(), password);
                }
                passwords.put(who, password);
            }
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file)) {
                stored.store(writer, "SCRAM passwords of the local broker's users");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return passwords;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the Kafka users' passwords in " + file, e);
        }
    }
}
