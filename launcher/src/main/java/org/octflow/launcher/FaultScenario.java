package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.RecordLimits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** One fault `./octflow faults` injects into a running stack, mid-stream. */
enum FaultScenario {
    WORKER_KILL("kill -9 of worker 1 (restarted with the same id by supervision)"),
    GATEWAY_KILL("kill -9 of the gateway (restarted with the same instance id)"),
    BROKER_OUTAGE("the Kafka broker stopped for --outage-seconds, then started on its data"),
    BROKER_OUTAGE_75S("the Kafka broker stopped for 75 s (once: duplicates from the outbox)"),
    POSTGRES_KILL("kill -9 of the PostgreSQL postmaster, restarted on its data"),
    DATABASE_OUTAGE("PostgreSQL stopped for 20 s (once: duplicates from the outbox)"),
    POISON_RECORD("a 1 MB record that is no ScanBatch, sent straight to Kafka"),
    NONE("no fault: the same stream, as a baseline and an end-to-end check");

    final String description;

    FaultScenario(String description) {
        this.description = description;
    }

    /** What `--scenario all` runs: every scenario that injects something. */
    static List<FaultScenario> faults() {
        return Arrays.stream(values()).filter(s -> s != NONE).toList();
    }

    String cliName() {
        return name().toLowerCase().replace('_', '-');
    }

    static FaultScenario parse(String name) {
        for (FaultScenario scenario : values()) {
            if (scenario.cliName().equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: all, "
                + String.join(", ", Arrays.stream(values()).map(FaultScenario::cliName).toList()));
    }

    /** Injects the fault and returns once the system is whole again (what was stopped is started). */
    void inject(LocalStack stack, Duration outage) throws InterruptedException {
        switch (this) {
            case WORKER_KILL -> stack.worker(1).kill();
            case GATEWAY_KILL -> stack.gateway().kill();
            case BROKER_OUTAGE, BROKER_OUTAGE_75S -> {
                stack.stopKafka(false);
                Thread.sleep((this == BROKER_OUTAGE ? outage : Duration.ofSeconds(75)).toMillis());
                stack.startKafka();
            }
            case POSTGRES_KILL -> {
                stack.stopPostgres(true);
                stack.startPostgres();
            }
            case DATABASE_OUTAGE -> {
                stack.stopPostgres(false);
                Thread.sleep(20_000);
                stack.startPostgres();
            }
            case POISON_RECORD -> sendPoison(stack.imagingClient());
            case NONE -> {
            }
        }
    }

    private static void sendPoison(KafkaClientConfig kafka) {
        Properties props = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "poison".getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.SCANS, key, null);
            record.headers().add(Headers.MESSAGE_TYPE, Headers.SCAN_BATCH_TYPE.getBytes(StandardCharsets.UTF_8));
            byte[] value = new byte[RecordLimits.maxValueBytes(key, record.headers().toArray())];
            Arrays.fill(value, (byte) 0xff);
            producer.send(new ProducerRecord<>(Topics.SCANS, null, key, value, record.headers())).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send the poison record: " + e.getMessage(), e);
        }
    }
}
