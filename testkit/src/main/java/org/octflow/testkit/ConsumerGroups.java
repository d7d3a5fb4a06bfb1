package org.octflow.testkit;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Consumer-group set-ups that tests and benches share. */
public final class ConsumerGroups {
    private ConsumerGroups() {
    }

    /** Makes a new group start at a topic's end, so it sees only what is sent after this returns. */
    public static void startAtEnd(String bootstrapServers, String group, String topic) throws Exception {
        startAtEnd(KafkaClientConfig.plain(bootstrapServers), group, topic);
    }

    public static void startAtEnd(KafkaClientConfig kafka, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                    OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        }
    }
}
