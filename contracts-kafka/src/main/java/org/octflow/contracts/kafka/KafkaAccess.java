package org.octflow.contracts.kafka;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.octflow.contracts.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who may do what on a secured cluster: each app's principal and the least it needs (ACLs). The secured local broker
 * applies exactly these; deployments grant the same (Strimzi KafkaUsers).
 */
public enum KafkaAccess {
    /** Reads scans in its group; writes predictions and dead letters in transactions under its id prefix. */
    WORKER("octflow-worker", "worker"),
    /**
     * Writes scans (the outbox), reads them back by offset to find rows already published after a crash, reads
     * predictions and dead letters in its group.
     */
    GATEWAY("octflow-gateway", "gateway"),
    /** An imaging system: writes scans, nothing else. */
    IMAGING("octflow-imaging", "imaging system"),
    /** The autoscaler (KEDA): reads the workers' lag, so it describes the scans topic and their group. */
    AUTOSCALER("octflow-keda", "autoscaler");

    /** The worker's default group; its transactional ids are {@code <group>-<worker id>}. */
    public static final String WORKER_GROUP = "octflow-workers";
    public static final String GATEWAY_GROUP = "octflow-gateway";
    /** The gateway's scans-topic observer (previews of scans sent straight to Kafka): its group plus "-scans". */
    public static final String GATEWAY_SCANS_GROUP = GATEWAY_GROUP + "-scans";

    private final String user;
    private final String app;

    KafkaAccess(String user, String app) {
        this.user = user;
        this.app = app;
    }

    /** What the principal is, for people: "worker", "imaging system". */
    public String app() {
        return app;
    }

    /** The rights of {@link #acls()} in words, e.g. "READ on topic octflow.scans.v1, READ on group octflow-workers". */
    public String describeRights() {
        return acls().stream().map(acl -> acl.entry().operation() + " on "
                        + acl.pattern().resourceType().toString().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " " + acl.pattern().name()
                        + (acl.pattern().patternType() == PatternType.PREFIXED ? "*" : ""))
                .collect(Collectors.joining(", "));
    }

    /** The SCRAM user name. */
    public String user() {
        return user;
    }

    public String principal() {
        return "User:" + user;
    }

    public List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        switch (this) {
            case WORKER -> {
                allow(acls, ResourceType.TOPIC, Topics.SCANS, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.GROUP, WORKER_GROUP, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.TOPIC, Topics.PREDICTIONS, PatternType.LITERAL, AclOperation.WRITE);
                allow(acls, ResourceType.TOPIC, Topics.SCANS_DEAD_LETTER, PatternType.LITERAL, AclOperation.WRITE);
                allow(acls, ResourceType.TRANSACTIONAL_ID, WORKER_GROUP + "-", PatternType.PREFIXED,
                        AclOperation.WRITE);
                allow(acls, ResourceType.TRANSACTIONAL_ID, WORKER_GROUP + "-", PatternType.PREFIXED,
                        AclOperation.DESCRIBE);
            }
            case GATEWAY -> {
                allow(acls, ResourceType.TOPIC, Topics.SCANS, PatternType.LITERAL, AclOperation.WRITE);
                allow(acls, ResourceType.TOPIC, Topics.SCANS, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.TOPIC, Topics.PREDICTIONS, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.TOPIC, Topics.SCANS_DEAD_LETTER, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.GROUP, GATEWAY_GROUP, PatternType.LITERAL, AclOperation.READ);
                allow(acls, ResourceType.GROUP, GATEWAY_SCANS_GROUP, PatternType.LITERAL, AclOperation.READ);
            }
            case IMAGING -> allow(acls, ResourceType.TOPIC, Topics.SCANS, PatternType.LITERAL, AclOperation.WRITE);
            case AUTOSCALER -> {
                allow(acls, ResourceType.TOPIC, Topics.SCANS, PatternType.LITERAL, AclOperation.DESCRIBE);
                allow(acls, ResourceType.GROUP, WORKER_GROUP, PatternType.LITERAL, AclOperation.DESCRIBE);
            }
            default -> throw new IllegalStateException("no ACLs for " + this);
        }
        return acls;
    }

    private void allow(List<AclBinding> acls, ResourceType type, String name, PatternType pattern,
                       AclOperation operation) {
        acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW)));
    }
}
