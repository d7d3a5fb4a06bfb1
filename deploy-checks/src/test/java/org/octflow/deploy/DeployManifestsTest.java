package org.octflow.deploy;

import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.Topics;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.octflow.testkit.LocalOrthanc;
import org.octflow.testkit.RenderedManifests;
import org.octflow.worker.config.WorkerConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * The Kubernetes manifests, rendered as `kubectl apply -k` would send them, checked against what they must agree
 * with: the contracts' topics and principals, the worker's own options, Pod Security "restricted". The gateway's
 * settings and both apps' probe paths are checked against the running apps in their own modules
 * (gateway's DeployedGatewayTest, the worker's DeployedWorkerTest).
 */
class DeployManifestsTest {
    /** Secrets the manifests use and do not ship, the platform's (the runbook says how to make them). */
    private static final Set<String> PLATFORM_SECRETS = Set.of("octflow-secrets", "octflow-db-backup-s3");
    /** Secrets Strimzi makes for the Kafka cluster (not per user). */
    private static final Set<String> STRIMZI_SECRETS = Set.of("octflow-kafka-cluster-ca-cert");

    private static RenderedManifests apps;
    private static RenderedManifests kafka;
    private static RenderedManifests gpu;
    private static RenderedManifests database;
    private static RenderedManifests externalDb;

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        apps = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        kafka = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("kafka"));
        gpu = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("overlays/gpu"));
        database = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("database"));
        externalDb = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("overlays/external-db"));
    }

    @Test
    void theDatabaseIsThreeInstancesTlsOnlyWithContinuousBackupAndTheGatewayVerifiesItsCertificate() {
        Map<String, Object> cluster = database.require("Cluster", "octflow-db");
        assertThat(get(cluster, "metadata.namespace")).as("where the apps run").isEqualTo(namespaceOfApps());
        assertThat(get(cluster, "spec.instances")).isEqualTo(3);
        assertThat(list(get(cluster, "spec.postgresql.pg_hba"))).as("plain connections refused")
                .contains("hostnossl all all all reject");

        Map<String, Object> plugin = map(list(get(cluster, "spec.plugins")).get(0));
        assertThat(plugin.get("isWALArchiver")).isEqualTo(true);
        Map<String, Object> store = database.require("ObjectStore",
                String.valueOf(get(plugin, "parameters.barmanObjectName")));
        assertThat(String.valueOf(get(store, "spec.retentionPolicy"))).matches("[1-9][0-9]*[dwm]");
        Map<String, Object> nightly = database.ofKind("ScheduledBackup").findFirst().orElseThrow();
        assertThat(get(nightly, "spec.cluster.name")).isEqualTo("octflow-db");
        assertThat(get(nightly, "spec.pluginConfiguration.name")).isEqualTo(plugin.get("name"));

        // The gateway's URL is the operator's read-write service, checked against the operator's CA.
        String url = String.valueOf(environment(apps.require("Deployment", "gateway"))
                .get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertThat(url).startsWith("jdbc:postgresql://octflow-db-rw." + namespaceOfApps() + ".svc:5432/"
                + get(cluster, "spec.bootstrap.initdb.database") + "?").contains("sslmode=verify-full");
        String rootCert = url.replaceAll(".*sslrootcert=([^&]+).*", "$1");
        Map<String, Object> gatewayPod = map(get(apps.require("Deployment", "gateway"), "spec.template.spec"));
        String caVolume = list(get(apps.containers(apps.require("Deployment", "gateway")).get(0), "volumeMounts"))
                .stream().map(RenderedManifests::map).filter(m -> rootCert.startsWith(m.get("mountPath") + "/"))
                .map(m -> String.valueOf(m.get("name"))).findFirst().orElseThrow();
        assertThat(list(gatewayPod.get("volumes")).stream().map(RenderedManifests::map)
                .filter(v -> caVolume.equals(v.get("name"))).map(v -> get(v, "secret.secretName")))
                .containsExactly("octflow-db-ca");
    }

    @Test
    void theMigrationJobRunsAsTheDatabasesOwnerAndTheGatewayAsARuntimeRoleWithoutDdl() {
        Map<String, Object> cluster = database.require("Cluster", "octflow-db");
        Map<String, String> job = environment(apps.require("Job", "octflow-db-migrate"));
        assertThat(job).containsEntry("QUARKUS_INIT_AND_EXIT", "true")
                .containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
        assertThat(secretsOf(apps.require("Job", "octflow-db-migrate"))).as("the owner's, which the operator makes")
                .containsOnly(get(cluster, "metadata.name") + "-app");
        assertThat(String.valueOf(apps.containers(apps.require("Job", "octflow-db-migrate")).get(0).get("image")))
                .isEqualTo(String.valueOf(apps.containers(apps.require("Deployment", "gateway")).get(0).get("image")));

        Map<String, String> gateway = environment(apps.require("Deployment", "gateway"));
        assertThat(gateway).containsEntry("QUARKUS_FLYWAY_MIGRATE_AT_START", "false")
                .containsEntry("QUARKUS_FLYWAY_VALIDATE_AT_START", "true");
        Set<String> gatewaySecrets = secretsOf(apps.require("Deployment", "gateway"));
        Map<String, Object> login = list(get(cluster, "spec.managed.roles")).stream().map(RenderedManifests::map)
                .filter(r -> gatewaySecrets.contains(String.valueOf(get(r, "passwordSecret.name"))))
                .findFirst().orElseThrow(() -> new AssertionError("no managed role holds the gateway's credentials"));
        assertThat(login.get("login")).isEqualTo(true);
        assertThat(login.get("superuser")).isNotEqualTo(true);
        assertThat(list(login.get("inRoles"))).as("the role the migrations grant rows to").contains("octflow_runtime");
    }

    @Test
    void anExternalDatabaseReplacesTheUrlTheOwnersSecretAndTheDatabaseEgress() {
        assertThat(externalDb.ofKind("Cluster")).isEmpty();
        assertThat(String.valueOf(environment(externalDb, externalDb.require("Deployment", "gateway"))
                .get("QUARKUS_DATASOURCE_JDBC_URL"))).doesNotContain("octflow-db-rw").contains("sslmode=verify-full");
        assertThat(secretsOf(externalDb.require("Job", "octflow-db-migrate"))).containsOnly("octflow-db-owner");
        for (String app : List.of("gateway", "octflow-db-migrate")) {
            Map<String, Object> policy = externalDb.ofKind("NetworkPolicy")
                    .filter(p -> app.equals(map(get(p, "spec.podSelector.matchLabels")).get("app.kubernetes.io/name")))
                    .findFirst().orElseThrow();
            assertThat(list(get(policy, "spec.egress")).stream().map(RenderedManifests::map)
                    .filter(rule -> list(rule.get("ports")).stream().anyMatch(p -> Integer.valueOf(5432)
                            .equals(map(p).get("port")))).map(rule -> String.valueOf(rule.get("to"))))
                    .as("%s reaches PostgreSQL by address", app).allMatch(to -> to.contains("ipBlock"))
                    .isNotEmpty();
        }
    }

    @Test
    void everyKafkaTopicIsTheContractsSpecForThreeBrokersInTheKafkaNamespace() {
        assertThat(kafka.ofKind("KafkaTopic").map(t -> get(t, "metadata.name")))
                .containsExactlyInAnyOrderElementsOf(TopicSpec.all().stream().map(TopicSpec::name).toList());
        for (TopicSpec spec : TopicSpec.all()) {
            Map<String, Object> topic = kafka.require("KafkaTopic", spec.name());
            assertThat(get(topic, "metadata.namespace")).isEqualTo("kafka");
            assertThat(get(topic, "spec.partitions")).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(get(topic, "spec.replicas")).as(spec.name()).isEqualTo((int) spec.replicas(3));
            Map<String, String> config = map(get(topic, "spec.config")).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
            assertThat(config).as(spec.name()).isEqualTo(spec.configsFor(3));
        }
    }

    @Test
    void theKafkaClusterHasThreeNodesATlsScramListenerAndAclsAndManagesTheAppsUsersWhereTheAppsRun() {
        Map<String, Object> cluster = kafka.require("Kafka", "octflow-kafka");
        Map<String, Object> pool = kafka.ofKind("KafkaNodePool").findFirst().orElseThrow();
        assertThat(get(pool, "spec.replicas")).isEqualTo(3);
        assertThat(list(get(pool, "spec.roles"))).containsExactlyInAnyOrder("controller", "broker");
        Map<String, Object> listener = map(list(get(cluster, "spec.kafka.listeners")).get(0));
        assertThat(listener).containsEntry("tls", true);
        assertThat(get(listener, "authentication.type")).isEqualTo("scram-sha-512");
        assertThat(get(cluster, "spec.kafka.authorization.type")).isEqualTo("simple");
        assertThat(get(cluster, "spec.entityOperator.userOperator.watchedNamespace")).isEqualTo(namespaceOfApps());
        assertThat(map(get(cluster, "spec.kafka.config")))
                .containsEntry("min.insync.replicas", TopicSpec.MIN_IN_SYNC_REPLICAS)
                .containsEntry("auto.create.topics.enable", false);
        String listenerAddress = "octflow-kafka-kafka-bootstrap.kafka.svc:" + listener.get("port");
        assertThat(get(apps.require("ConfigMap", "octflow-kafka"), "data.OCTFLOW_KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo(listenerAddress);
        assertThat(get(apps.require("ConfigMap", "octflow-kafka"), "data.OCTFLOW_KAFKA_SECURITY_PROTOCOL"))
                .isEqualTo("SASL_SSL");
    }

    @Test
    void everyPrincipalIsAKafkaUserWithExactlyTheContractsAcls() {
        for (KafkaAccess who : KafkaAccess.values()) {
            Map<String, Object> user = apps.require("KafkaUser", who.user());
            assertThat(get(user, "spec.authentication.type")).isEqualTo("scram-sha-512");
            Set<String> rendered = new HashSet<>();
            for (Object acl : list(get(user, "spec.authorization.acls"))) {
                Map<String, Object> resource = map(map(acl).get("resource"));
                for (Object operation : list(map(acl).get("operations"))) {
                    rendered.add(resource.get("type") + ":" + resource.get("name") + ":" + resource.get("patternType")
                            + ":" + operation);
                }
            }
            Set<String> contract = who.acls().stream().map(DeployManifestsTest::strimziForm).collect(Collectors.toSet());
            assertThat(rendered).as(who.user()).isEqualTo(contract);
        }
    }

    @Test
    void kedaScalesTheWorkerStatefulSetOnItsGroupsLagNeverPastThePartitionsAndOwnsItsReplicaCount() {
        Map<String, Object> scaled = apps.ofKind("ScaledObject").findFirst().orElseThrow();
        Map<String, Object> target = apps.require(String.valueOf(get(scaled, "spec.scaleTargetRef.kind")),
                String.valueOf(get(scaled, "spec.scaleTargetRef.name")));
        assertThat(target.get("kind")).as("stable pod names: stable transactional ids").isEqualTo("StatefulSet");
        assertThat(map(target.get("spec"))).as("a replicas field would reset KEDA's count at every apply")
                .doesNotContainKey("replicas");
        assertThat((int) get(scaled, "spec.maxReplicaCount")).isLessThanOrEqualTo(TopicSpec.SCANS.partitions());

        Map<String, Object> trigger = map(list(get(scaled, "spec.triggers")).get(0));
        assertThat(get(trigger, "metadata.topic")).isEqualTo(Topics.SCANS);
        assertThat(get(trigger, "metadata.consumerGroup")).isEqualTo(KafkaAccess.WORKER_GROUP);
        assertThat(get(trigger, "metadata.bootstrapServers"))
                .isEqualTo(get(apps.require("ConfigMap", "octflow-kafka"), "data.OCTFLOW_KAFKA_BOOTSTRAP_SERVERS"));
        Map<String, Object> auth = apps.require("TriggerAuthentication",
                String.valueOf(get(trigger, "authenticationRef.name")));
        List<String> secrets = list(get(auth, "spec.secretTargetRef")).stream()
                .map(ref -> String.valueOf(map(ref).get("name"))).toList();
        assertThat(secrets).as("KEDA reads the lag as its own principal").contains(KafkaAccess.AUTOSCALER.user());
        secrets.forEach(DeployManifestsTest::assertSecretExists);
    }

    @Test
    void theWorkerIsGivenOnlySettingsItReadsAndTimeToDrainAtScaleDown() {
        Map<String, Object> worker = apps.require("StatefulSet", "inference-worker");
        Set<String> known = new HashSet<>(WorkerConfig.environmentVariables());
        Map<String, String> env = environment(worker);
        assertThat(env.keySet()).allSatisfy(name -> assertThat(known.contains(name)
                || name.startsWith(KafkaClientConfig.ENV_PREFIX)).as("%s is no worker option or Kafka client"
                + " property", name).isTrue());
        assertThat(env).containsKey("OCTFLOW_WORKER_ID");

        int grace = (int) get(worker, "spec.template.spec.terminationGracePeriodSeconds");
        long shutdownSeconds = Long.parseLong(env.getOrDefault("OCTFLOW_SHUTDOWN_TIMEOUT_MS", "25000")) / 1000;
        assertThat(grace).as("the worker's shutdown timeout and 10 s of margin").isGreaterThanOrEqualTo(
                (int) shutdownSeconds + 10);
    }

    @Test
    void everyPodPassesPodSecurityRestricted() {
        List<Map<String, Object>> workloads = new ArrayList<>(apps.workloads().toList());
        workloads.addAll(gpu.workloads().toList());
        assertThat(workloads).isNotEmpty();
        for (Map<String, Object> workload : workloads) {
            String name = workload.get("kind") + " " + get(workload, "metadata.name");
            Map<String, Object> pod = map(get(workload, "spec.template.spec"));
            assertThat(get(pod, "securityContext.runAsNonRoot")).as(name).isEqualTo(true);
            assertThat(get(pod, "securityContext.seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod).as(name).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
            for (Map<String, Object> container : apps.containers(workload)) {
                String where = name + " container " + container.get("name");
                assertThat(get(container, "securityContext.allowPrivilegeEscalation")).as(where).isEqualTo(false);
                assertThat(get(container, "securityContext.readOnlyRootFilesystem")).as(where).isEqualTo(true);
                assertThat(list(get(container, "securityContext.capabilities.drop"))).as(where).containsExactly("ALL");
                assertThat(get(container, "securityContext.privileged")).as(where).isNotEqualTo(true);
                assertThat(list(container.get("volumeMounts")).stream().map(m -> map(m).get("mountPath")))
                        .as(where + ": a writable /tmp (the root file system is read-only)").contains("/tmp");
            }
        }
    }

    @Test
    void everySecretAndConfigMapAPodUsesIsShippedOrMadeByAnOperatorTheRunbookNames() {
        for (Map<String, Object> workload : apps.workloads().toList()) {
            for (Map<String, Object> container : apps.containers(workload)) {
                for (Object from : list(container.get("envFrom"))) {
                    String configMap = String.valueOf(get(map(from), "configMapRef.name"));
                    apps.require("ConfigMap", configMap);
                }
                for (Object variable : list(container.get("env"))) {
                    Object secret = get(map(variable), "valueFrom.secretKeyRef.name");
                    if (secret != null) {
                        assertSecretExists(String.valueOf(secret));
                    }
                }
            }
            for (Object volume : list(get(workload, "spec.template.spec.volumes"))) {
                Object secret = get(map(volume), "secret.secretName");
                if (secret != null) {
                    assertSecretExists(String.valueOf(secret));
                }
            }
        }
    }

    @Test
    void theGpuOverlayRequiresCudaOnGpuNodesWithOneGpuPerWorker() {
        Map<String, Object> worker = gpu.require("StatefulSet", "inference-worker");
        Map<String, Object> container = gpu.containers(worker).get(0);
        assertThat(environment(worker)).containsEntry("OCTFLOW_DEVICE", "cuda");
        assertThat(get(container, "resources.limits")).asString().contains("nvidia.com/gpu=1");
        assertThat(String.valueOf(container.get("image"))).endsWith("-cuda");
        assertThat(map(get(worker, "spec.template.spec.nodeSelector"))).containsKey("nvidia.com/gpu.present");
        assertThat(environment(apps.require("StatefulSet", "inference-worker")))
                .as("the CPU image runs the CPU ONNX Runtime").containsEntry("OCTFLOW_DEVICE", "cpu");
    }

    @Test
    void onlyTheIngressControllerReachesTheGatewayAndTheAppsTalkOnlyToKafkaPostgresqlAndDns() {
        Map<String, Object> deny = apps.require("NetworkPolicy", "default-deny");
        assertThat(map(get(deny, "spec.podSelector"))).as("every pod").isEmpty();
        assertThat(list(get(deny, "spec.policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");

        Map<String, Object> gateway = policyFor("gateway");
        assertThat(fromNamespaces(gateway)).containsExactlyInAnyOrder("ingress-nginx", "monitoring", null);
        assertThat(fromApps(gateway)).as("in the namespace, only the DICOM edge reaches the gateway")
                .containsExactly("dicom-edge");
        assertThat(egressPorts(gateway)).containsExactlyInAnyOrder(kafkaPort(), 5432, 53, 53);

        Map<String, Object> worker = policyFor("inference-worker");
        assertThat(fromNamespaces(worker)).as("only metrics scraping reaches a worker").containsExactly("monitoring");
        assertThat(egressPorts(worker)).as("a worker needs Kafka and DNS, nothing else")
                .containsExactlyInAnyOrder(kafkaPort(), 53, 53);

        Map<String, Object> ingress = apps.require("Ingress", "gateway");
        assertThat(map(get(ingress, "metadata.annotations"))).containsKey("cert-manager.io/cluster-issuer");
        assertThat(list(get(ingress, "spec.tls"))).isNotEmpty();
        Map<String, Object> backend = map(get(map(list(get(map(list(get(ingress, "spec.rules")).get(0)),
                "http.paths")).get(0)), "backend.service"));
        Map<String, Object> service = apps.require("Service", String.valueOf(backend.get("name")));
        assertThat(list(get(service, "spec.ports")).stream().map(p -> map(p).get("name")))
                .contains(get(backend, "port.name"));
    }

    @Test
    void theDicomEdgeTakesDicomFromTheImagingNetworkAndForwardsOnlyToTheGatewaysStowRs() throws Exception {
        Map<String, Object> edge = apps.require("StatefulSet", "dicom-edge");
        Map<String, Object> container = apps.containers(edge).get(0);
        Map<String, Object> configMap = apps.require("ConfigMap", "octflow-dicom-edge");
        JsonNode config = new ObjectMapper().readTree(String.valueOf(map(configMap.get("data")).get("orthanc.json")));
        String lua = String.valueOf(map(configMap.get("data")).get("forward.lua"));

        int dicomPort = config.get("DicomPort").asInt();
        assertThat(list(container.get("ports")).stream().map(p -> map(p).get("containerPort"))).containsExactly(dicomPort);
        assertThat(list(get(apps.require("Service", "dicom-edge"), "spec.ports")).stream()
                .map(p -> map(p).get("targetPort"))).containsExactly("dicom");
        assertThat(list(container.get("args"))).as("Orthanc runs the shipped configuration")
                .containsExactly("/etc/octflow-edge/orthanc.json");
        assertThat(config.get("LuaScripts").get(0).asText()).isEqualTo("/etc/octflow-edge/forward.lua");
        assertThat(config.get("Plugins").get(0).asText()).isEqualTo(LocalOrthanc.DICOMWEB_PLUGIN.toString());
        assertThat(config.get("RemoteAccessAllowed").asBoolean()).as("its REST API answers on loopback only").isFalse();
        assertThat(list(container.get("volumeMounts")).stream().map(m -> map(m).get("mountPath")))
                .as("what is not forwarded yet lives on the claimed volume")
                .contains(config.get("StorageDirectory").asText(), config.get("IndexDirectory").asText());

        // Forwarded to the gateway's Service, on the path the gateway serves STOW-RS at, with the imaging key.
        JsonNode octflow = config.get("DicomWeb").get("Servers").get("octflow");
        assertThat(lua).contains("/dicom-web/servers/octflow/stow");
        URI url = URI.create(octflow.get("Url").asText());
        Map<String, Object> gatewayService = apps.require("Service", "gateway");
        assertThat(url.getHost()).isEqualTo("gateway." + namespaceOfApps() + ".svc");
        assertThat(list(get(gatewayService, "spec.ports")).stream().map(p -> map(p).get("port"))).contains(url.getPort());
        assertThat(url.getPath()).isEqualTo("/dicom-web/");
        assertThat(octflow.get("HttpHeaders").get("X-API-Key").asText()).isEqualTo("${OCTFLOW_IMAGING_KEY}");
        assertThat(list(container.get("env")).stream().map(RenderedManifests::map)
                .filter(v -> "OCTFLOW_IMAGING_KEY".equals(v.get("name")))
                .map(v -> get(v, "valueFrom.secretKeyRef.key"))).containsExactly("api-key-imaging");
        assertThat(list(apps.containers(apps.require("Deployment", "gateway")).get(0).get("env")).stream()
                .map(RenderedManifests::map).filter(v -> "OCTFLOW_API_KEYS_IMAGING".equals(v.get("name")))
                .map(v -> get(v, "valueFrom.secretKeyRef.key")))
                .as("the gateway knows the edge's key as an imaging key").containsExactly("api-key-imaging");

        Map<String, Object> policy = policyFor("dicom-edge");
        assertThat(list(get(policy, "spec.ingress")).stream().flatMap(r -> list(map(r).get("ports")).stream())
                .map(p -> map(p).get("port"))).as("DICOM in, nothing else").containsExactly(dicomPort);
        assertThat(egressPorts(policy)).as("out to the gateway's HTTP port and DNS only")
                .containsExactlyInAnyOrder(gatewayContainerPort(), 53, 53);
    }

    private static int gatewayContainerPort() {
        Map<String, Object> gateway = apps.require("Deployment", "gateway");
        return (Integer) map(list(apps.containers(gateway).get(0).get("ports")).get(0)).get("containerPort");
    }

    @Test
    void aDrainTakesOneGatewayOrWorkerAtATimeAndGatewaysSpreadOverNodes() {
        for (Map<String, Object> workload : apps.workloads().filter(w -> !"Job".equals(w.get("kind"))).toList()) {
            Object labels = get(workload, "spec.selector.matchLabels");
            assertThat(apps.ofKind("PodDisruptionBudget").filter(pdb -> labels.equals(get(pdb, "spec.selector.matchLabels"))))
                    .as("a PodDisruptionBudget for %s", get(workload, "metadata.name")).hasSize(1);
        }
        assertThat(get(apps.require("Deployment", "gateway"),
                "spec.template.spec.affinity.podAntiAffinity")).isNotNull();
    }

    private static Map<String, Object> policyFor(String app) {
        return apps.ofKind("NetworkPolicy")
                .filter(p -> app.equals(map(get(p, "spec.podSelector.matchLabels")).get("app.kubernetes.io/name")))
                .findFirst().orElseThrow(() -> new AssertionError("no NetworkPolicy for " + app));
    }

    private static List<Object> fromNamespaces(Map<String, Object> policy) {
        List<Object> namespaces = new ArrayList<>();
        for (Object rule : list(get(policy, "spec.ingress"))) {
            for (Object peer : list(map(rule).get("from"))) {
                namespaces.add(map(get(map(peer), "namespaceSelector.matchLabels")).get("kubernetes.io/metadata.name"));
            }
        }
        return namespaces;
    }

    private static List<Object> fromApps(Map<String, Object> policy) {
        List<Object> apps = new ArrayList<>();
        for (Object rule : list(get(policy, "spec.ingress"))) {
            for (Object peer : list(map(rule).get("from"))) {
                Object app = map(get(map(peer), "podSelector.matchLabels")).get("app.kubernetes.io/name");
                if (app != null) {
                    apps.add(app);
                }
            }
        }
        return apps;
    }

    private static List<Object> egressPorts(Map<String, Object> policy) {
        List<Object> ports = new ArrayList<>();
        for (Object rule : list(get(policy, "spec.egress"))) {
            list(map(rule).get("ports")).forEach(port -> ports.add(map(port).get("port")));
        }
        return ports;
    }

    private static int kafkaPort() {
        String servers = String.valueOf(get(apps.require("ConfigMap", "octflow-kafka"),
                "data.OCTFLOW_KAFKA_BOOTSTRAP_SERVERS"));
        return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    }

    /** Every variable the first container gets: its env and the ConfigMaps it takes whole. */
    private static Map<String, String> environment(Map<String, Object> workload) {
        return environment(apps, workload);
    }

    private static Map<String, String> environment(RenderedManifests rendered, Map<String, Object> workload) {
        return rendered.environment(rendered.containers(workload).get(0), valueFrom -> "(ref)");
    }

    /** The secrets the first container's variables refer to. */
    private static Set<String> secretsOf(Map<String, Object> workload) {
        Set<String> secrets = new HashSet<>();
        for (Object variable : list(apps.containers(workload).get(0).get("env"))) {
            Object secret = get(map(variable), "valueFrom.secretKeyRef.name");
            if (secret != null) {
                secrets.add(String.valueOf(secret));
            }
        }
        return secrets;
    }

    private static void assertSecretExists(String name) {
        boolean shipped = apps.find("Secret", name).isPresent();
        boolean madeByStrimzi = apps.find("KafkaUser", name).isPresent() || STRIMZI_SECRETS.contains(name);
        // CloudNativePG makes <cluster>-app (the owner's credentials) and <cluster>-ca; a managed role's password
        // secret is the platform's, named in the Cluster.
        boolean ofTheDatabase = database.ofKind("Cluster").anyMatch(c -> {
            String cluster = String.valueOf(get(c, "metadata.name"));
            return name.equals(cluster + "-app") || name.equals(cluster + "-ca")
                    || list(get(c, "spec.managed.roles")).stream()
                    .anyMatch(r -> name.equals(get(map(r), "passwordSecret.name")));
        });
        assertThat(shipped || madeByStrimzi || ofTheDatabase || PLATFORM_SECRETS.contains(name))
                .as("secret %s is neither shipped, nor a KafkaUser's or the database's, nor one the runbook says to"
                        + " create", name).isTrue();
    }

    private static String namespaceOfApps() {
        return String.valueOf(get(apps.require("Namespace", "octflow"), "metadata.name"));
    }

    /** An ACL as Strimzi's KafkaUser writes it: {@code topic:octflow.scans.v1:literal:Read}. */
    private static String strimziForm(AclBinding acl) {
        String type = switch (acl.pattern().resourceType()) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case TRANSACTIONAL_ID -> "transactionalId";
            case CLUSTER -> "cluster";
            default -> throw new IllegalArgumentException("no Strimzi form for " + acl);
        };
        String pattern = switch (acl.pattern().patternType()) {
            case LITERAL -> "literal";
            case PREFIXED -> "prefix";
            default -> throw new IllegalArgumentException("no Strimzi form for " + acl);
        };
        String operation = acl.entry().operation().name().charAt(0)
                + acl.entry().operation().name().substring(1).toLowerCase(Locale.ROOT);
        return type + ":" + acl.pattern().name() + ":" + pattern + ":" + operation;
    }
}
