package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.Topics;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The secured local broker admits each app's user to what its ACLs grant, and nobody else to anything. */
class SecuredBrokerTest {
    @RegisterExtension
    static final KafkaBrokerExtension kafka = KafkaBrokerExtension.secured();

    @Test
    void anImagingSystemWritesScansOverSaslSslAndTheSuperUserReadsThem() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.broker().clientConfig(KafkaAccess.IMAGING))) {
            producer.send(new ProducerRecord<>(Topics.SCANS, bytes("scan"))).get(30, TimeUnit.SECONDS);
        }
        try (TopicReader reader = TopicReader.fromBeginning(kafka.broker().clientConfig(), Topics.SCANS)) {
            assertThat(reader.readToEnd(Duration.ofSeconds(30))).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .contains("scan");
        }
    }

    @Test
    void anImagingSystemCannotWritePredictions() {
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.broker().clientConfig(KafkaAccess.IMAGING))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.PREDICTIONS, bytes("forged")))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aPrincipalWithoutTheAclCannotReadScans() {
        Properties props = kafka.broker().clientConfig(KafkaAccess.IMAGING).clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(Topics.SCANS, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(Topics.SCANS);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        SecuredListeners security = kafka.broker().security();
        KafkaClientConfig wrong = security.scramClient(kafka.bootstrapServers(), KafkaAccess.WORKER.user(),
                "not-" + security.password(KafkaAccess.WORKER));
        assertThatThrownBy(() -> describeCluster(wrong)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused(@TempDir Path dir) {
        LocalTls other = LocalTls.create(dir.resolve("other-ca"), "somebody-else");
        Map<String, String> settings = new HashMap<>(kafka.broker().clientConfig(KafkaAccess.WORKER).settings());
        settings.putAll(other.trustSettings());
        assertThatThrownBy(() -> describeCluster(KafkaClientConfig.of(settings)))
                .hasCauseInstanceOf(SslAuthenticationException.class)
                .hasStackTraceContaining("PKIX path validation failed");
    }

    @Test
    void aPlaintextClientGetsNoAnswer() {
        assertThatThrownBy(() -> describeCluster(KafkaClientConfig.plain(kafka.bootstrapServers())))
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    private static void describeCluster(KafkaClientConfig config) throws Exception {
        Properties props = config.clientProperties();
        props.put("default.api.timeout.ms", 5_000);
        props.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaClientConfig config) {
        Properties props = config.clientProperties();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
