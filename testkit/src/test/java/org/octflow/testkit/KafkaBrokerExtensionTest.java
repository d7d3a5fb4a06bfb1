package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.octflow.contracts.TopicSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The extension gives a class's tests one broker with the contract's topics and leaves nothing behind. */
class KafkaBrokerExtensionTest {
    @Test
    void theTestsOfAClassShareOneBrokerWithTheContractsTopicsThatIsStoppedAndDeletedAfterThem() {
        TestExecutionSummary summary = run(TwoTestsOnOneBroker.class);

        assertThat(summary.getFailures()).as("failures").isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(TwoTestsOnOneBroker.seen).hasSize(2);
        BrokerSeen first = TwoTestsOnOneBroker.seen.get(0);
        assertThat(TwoTestsOnOneBroker.seen.get(1)).isEqualTo(first);
        assertThat(first.topics()).containsAll(TopicSpec.all().stream().map(TopicSpec::name).toList());
        assertThat(ProcessHandle.of(first.pid()).filter(ProcessHandle::isAlive)).as("broker process").isEmpty();
        assertThat(first.directory().getParent()).as("its temporary directory").doesNotExist();
    }

    @Test
    void anExtensionThatNeverStartedSaysHowToDeclareIt() {
        assertThatThrownBy(() -> KafkaBrokerExtension.plain().broker())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension static final");
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    record BrokerSeen(long pid, Path directory, Set<String> topics) {
    }

    /** Run by the test above through the JUnit launcher, not by Maven (a nested class is not a test class). */
    static class TwoTestsOnOneBroker {
        static final List<BrokerSeen> seen = new CopyOnWriteArrayList<>();

        @RegisterExtension
        static final KafkaBrokerExtension kafka = KafkaBrokerExtension.plain();

        @Test
        void first() throws Exception {
            seen.add(observe());
        }

        @Test
        void second() throws Exception {
            seen.add(observe());
        }

        private static BrokerSeen observe() throws Exception {
            try (Admin admin = kafka.broker().admin()) {
                return new BrokerSeen(kafka.broker().pid(), kafka.broker().directory(),
                        admin.listTopics().names().get(30, TimeUnit.SECONDS));
            }
        }
    }
}
