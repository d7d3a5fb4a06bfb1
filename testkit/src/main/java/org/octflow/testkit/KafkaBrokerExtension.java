package org.octflow.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link LocalKafkaBroker} with the contract's topics for the tests of one class: started before the first test,
 * stopped after the last, its data in a temporary directory deleted afterwards. Declare it in a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final KafkaBrokerExtension kafka = KafkaBrokerExtension.plain();
 * ... kafka.bootstrapServers() ... kafka.broker().clientConfig(KafkaAccess.WORKER) ...
 * </pre>
 * One broker per class, not per run: the tests read topics from the beginning and reuse group ids, which holds only
 * while no other class writes to the same broker. A test that kills or restarts its broker starts its own.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Function<Path, LocalKafkaBroker> starter;
    private Path directory;
    private LocalKafkaBroker broker;
    /** The class whose tests the broker serves: a {@code @Nested} class shares its outer class's broker. */
    private String owner;

    private KafkaBrokerExtension(Function<Path, LocalKafkaBroker> starter) {
        this.starter = starter;
    }

    /** A plaintext broker, as the local stack runs. */
    public static KafkaBrokerExtension plain() {
        return new KafkaBrokerExtension(LocalKafkaBroker::start);
    }

    /** A broker secured as hospitals run Kafka (SASL_SSL, SCRAM users, ACLs): {@link SecuredListeners}. */
    public static KafkaBrokerExtension secured() {
        return new KafkaBrokerExtension(LocalKafkaBroker::startSecured);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (owner != null) {
            return;
        }
        owner = context.getUniqueId();
        directory = Files.createTempDirectory("octflow-kafka-" + context.getRequiredTestClass().getSimpleName() + "-");
        broker = starter.apply(directory.resolve("kafka"));
        broker.createContractTopics();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            owner = null;
            deleteQuietly(directory);
        }
    }

    /** The running broker, for what its address alone does not give (client configs, security, admin). */
    public LocalKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("no Kafka broker is running: declare the KafkaBrokerExtension in a static "
                    + "field (@RegisterExtension static final ...), so that it starts before the class's tests");
        }
        return broker;
    }

    /** Where clients connect. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: what is left goes with the system's next clean-up
        }
    }
}
