package org.octflow.gateway.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A Kafka record waiting to be published; written in the same transaction as the rows it announces. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /**
     * Written only because the column is NOT NULL: nothing reads it, the record is rebuilt by the contract
     * ({@link OutboxRecords}), which owns the topic and the message type.
     */
    @Column(nullable = false)
    private String topic;
    @Column(name = "record_key", nullable = false)
    public String recordKey;
    /** Written only because the column is NOT NULL, as {@link #topic}. */
    @Column(name = "message_type", nullable = false)
    private String messageType;
    @Column(nullable = false)
    public byte[] payload;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    /** The publisher (instance and run) holding the row until {@link #claimedUntil}. */
    @Column(name = "claimed_by")
    public String claimedBy;
    @Column(name = "claimed_until")
    public Instant claimedUntil;
    /** How many times a publisher claimed the row: more than one means an earlier send may have gone out. */
    @Column(nullable = false)
    public int attempts;

    public static OutboxMessage of(String topic, String key, String messageType, byte[] payload, Instant now) {
        OutboxMessage message = new OutboxMessage();
        message.topic = topic;
        message.recordKey = key;
        message.messageType = messageType;
        message.payload = payload;
        message.createdAt = now;
        return message;
    }
}
