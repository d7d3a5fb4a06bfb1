package org.octflow.worker;

import org.octflow.worker.batching.DynamicBatcher;
import org.octflow.worker.config.WorkerConfig;
import org.octflow.worker.http.HttpEndpoint;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.runtime.ModelRegistry;
import org.octflow.runtime.ModelWatcher;
import org.octflow.runtime.LoadedModel;
import org.octflow.runtime.SessionFactory;
import org.octflow.worker.pipeline.InferenceLoop;
import org.octflow.worker.pipeline.KafkaClients;
import org.octflow.worker.pipeline.KafkaLoop;
import org.octflow.worker.pipeline.KafkaReachability;
import org.octflow.worker.pipeline.LoopHealth;
import org.octflow.worker.pipeline.RecordIntake;
import org.octflow.worker.pipeline.ScanWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** One running worker: wires model, batcher, the two loops, the model watcher and the HTTP endpoint. */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final ModelRegistry registry;
    private final LoopHealth loopHealth;
    private final KafkaReachability reachability;
    private final KafkaLoop kafkaLoop;
    private final InferenceLoop inferenceLoop;
    private final Thread kafkaThread;
    private final Thread inferenceThread;
    private final ModelWatcher watcher;
    private final HttpEndpoint http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Worker(WorkerConfig config) {
        this.config = config;
        this.metrics = new WorkerMetrics();
        SessionFactory sessions = new SessionFactory(config.device(), config.intraOpThreads());
        this.registry = ModelRegistry.open(config.modelDir(), sessions);
        registerModelMetrics();
        DynamicBatcher<ScanWork> batcher = DynamicBatcher.withSystemClock(config.maxBatch(), config.maxDelay());
        if (config.createTopics()) {
            KafkaClients.createTopics(config.kafka());
        }
        this.loopHealth = new LoopHealth(Clock.systemUTC(), config.stuckAfter(),
                KafkaLoop.longestStep(config.shutdownTimeout()));
        this.reachability = new KafkaReachability(KafkaClients.reachabilityProbe(config), loopHealth,
                Clock.systemUTC());
        this.kafkaLoop = new KafkaLoop(KafkaClients.consumer(config), () -> KafkaClients.producer(config), batcher,
                new RecordIntake(() -> registry.current().translator()), registry, metrics, new KafkaLoop.Settings(config.workerId(),
                config.maxQueuedScans(), config.commitInterval(), config.shutdownTimeout(),
                config.leaveGroupOnShutdown(), config.kafkaStartTimeout()), loopHealth);
        this.inferenceLoop = new InferenceLoop(batcher, registry, metrics, config.modelRetries());
        metrics.gauge("octflow.queued.scans", "Scans consumed and not yet emitted", kafkaLoop::queuedScans);
        metrics.gauge("octflow.consumption.paused", "1 while partitions are paused for backpressure",
                () -> kafkaLoop.isPaused() ? 1 : 0);
        this.inferenceThread = new Thread(inferenceLoop, "inference");
        this.kafkaThread = new Thread(kafkaLoop, "kafka-loop");
        this.watcher = new ModelWatcher(registry, config.modelPollInterval(), metrics.modelReloads::increment);
        this.http = new HttpEndpoint(config.httpHost(), config.httpPort(), this::liveness, this::health,
                metrics::scrape);
    }

    /** Loads the model (failing fast if it cannot), then starts consuming. */
    public static Worker start(WorkerConfig config) {
        Worker worker = new Worker(config);
        worker.reachability.start();
        worker.inferenceThread.start();
        worker.kafkaThread.start();
        LOG.info("worker {} consuming from {} (group {}, max batch {}, max delay {} ms); HTTP on port {}; Kafka client"
                        + " settings {}", config.workerId(), config.bootstrapServers(), config.groupId(), config.maxBatch(),
                config.maxDelay().toMillis(), worker.http.port(), config.kafka().describe());
        return worker;
    }

    /** Readiness: consuming, Kafka reachable, a model loaded. */
    public HttpEndpoint.Health health() {
        LoadedModel model = registry.current();
        if (model == null) {
            return new HttpEndpoint.Health(false, "no model loaded");
        }
        LoopHealth.Verdict ready = loopHealth.readiness();
        if (!ready.ok()) {
            return new HttpEndpoint.Health(false, ready.detail());
        }
        return new HttpEndpoint.Health(true, "consuming with model " + model.manifest().id() + " on "
                + model.provider());
    }

    /** Liveness: the Kafka loop moves and commits while records wait. */
    public HttpEndpoint.Health liveness() {
        LoopHealth.Verdict live = loopHealth.liveness();
        return new HttpEndpoint.Health(live.ok(), live.detail());
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public int httpPort() {
        return http.port();
    }

    public String provider() {
        return registry.current().provider();
    }

    /** Blocks until the Kafka loop ends (after {@link #close} or a fatal Kafka error). */
    public void awaitKafkaLoop() throws InterruptedException {
        kafkaThread.join();
    }

    public boolean failed() {
        return kafkaLoop.failure() != null;
    }

    /** Graceful stop: no new records, in-flight work finished and committed, clients and model closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("worker {} shutting down", config.workerId());
        watcher.close();
        kafkaLoop.stop();
        join(kafkaThread, config.shutdownTimeout().toMillis() + 10_000);
        inferenceLoop.stop();
        join(inferenceThread, 10_000);
        reachability.close();
        http.close();
        registry.close();
        LOG.info("worker {} stopped", config.workerId());
    }

    private void registerModelMetrics() {
        metrics.info("octflow.model.info", "The model version being served", () -> {
            LoadedModel model = registry.current();
            return model == null ? Map.of() : Map.of("name", model.manifest().name(),
                    "version", model.manifest().version(), "sha256", model.manifest().sha256());
        });
        metrics.info("octflow.execution.provider.info", "Where the model runs", () -> {
            LoadedModel model = registry.current();
            return Map.of("provider", model == null ? "none" : model.provider());
        });
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms", thread.getName(), millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
