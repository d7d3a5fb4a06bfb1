package org.octflow.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the gateway can be told, under {@code octflow.*}; each key also reads from its env form. */
@ConfigMapping(prefix = "octflow")
public interface GatewayConfig {

    Upload upload();

    Review review();

    Exams exams();

    Reports reports();

    Previews previews();

    ApiKeys apiKeys();

    DicomWeb dicomweb();

    Outbox outbox();

    Kafka kafka();

    Health health();

    RateLimit rateLimit();

    Oip oip();

    /** Stable and unique per gateway (default: $HOSTNAME): outbox claims and static group membership use it. */
    Optional<String> instanceId();

    /** The longest {@code ?wait=} a client may ask for; longer requests are cut to this. */
    @WithDefault("PT30S")
    Duration maxWait();

    /**
     * How many {@code ?wait=} calls this gateway holds at once; each holds a worker thread. Past it a submission is
     * still stored and answered 202 at once, saying the wait was not held.
     */
    @WithDefault("32")
    int maxConcurrentWaits();

    /** The Open Inference Protocol endpoints under {@code /v2} (OipResource). */
    interface Oip {
        /**
         * Where the gateway learns which models exist: a model directory (manifest.json + model.onnx) or a directory
         * of them, the same the workers read. Unset: {@code /v2/models/*} knows no model and answers 404.
         */
        Optional<Path> modelDir();

        /** How long an infer call waits for its predictions unless it asks for less (Triton's "timeout"). */
        @WithDefault("PT10S")
        Duration inferWait();
    }

    interface Upload {
        /** Largest single image, in bytes. */
        @WithDefault("1048576")
        int maxImageBytes();

        @WithDefault("32")
        int maxScans();

        /** Largest decoded image, checked from the header before decoding. */
        @WithDefault("16777216")
        long maxPixels();

        /**
         * Largest progressive (or multi-scan) JPEG, in pixels. Such a JPEG is decoded whole into native coefficient
         * buffers (2 bytes per pixel and component) whatever subsampling is asked for, so its cap is lower.
         */
        @WithDefault("4194304")
        long maxProgressiveJpegPixels();

        /** Images decoded at once; unset: the number of processors, at most 2. */
        java.util.OptionalInt decodeConcurrency();
    }

    /** Per-API-key token buckets (RateLimits). Tokens refill continuously at the rate, up to the burst. */
    interface RateLimit {
        /** Scans per second a key may submit, sustained. */
        @WithDefault("50")
        double scansPerSecond();

        /** Scans a key may submit at once; at least octflow.upload.max-scans, or no full submission could pass. */
        @WithDefault("500")
        long scanBurst();

        /** Read requests per second a key may make, sustained. */
        @WithDefault("50")
        double readsPerSecond();

        @WithDefault("500")
        long readBurst();
    }

    /** Small copies of uploaded scans for reviewers: patient data, so kept only for a while. */
    interface Previews {
        /** Longest side in pixels; OCT2017's 512x496 B-scans are kept at full size. */
        @WithDefault("512")
        int maxSide();

        /** Previews older than this are deleted (with their scan's other data kept). */
        @WithDefault("P30D")
        Duration retention();

        /** How often the deletion runs. */
        @WithDefault("PT10M")
        Duration purgeInterval();

        /**
         * Observe the scans topic (group {@code <octflow.kafka.group-id>-scans}) and keep a preview, site and device of
         * each scan sent straight to Kafka, as uploads get at upload (ScanObserver). Off: those scans have neither.
         */
        @WithDefault("true")
        boolean kafkaPath();
    }

    /** How an exam's B-scans make one result per eye (see ExamRule). */
    interface Exams {
        /** Labels, most severe first; a label not listed ranks below all listed ones. */
        @WithDefault("CNV,DME,DRUSEN,NORMAL")
        List<String> severity();

        /** Labels that decide an exam as soon as one B-scan has one (referable to a retina clinic). */
        @WithDefault("CNV,DME")
        List<String> referable();
    }

    /** The exam reports served as DICOM SR and FHIR (see report/). */
    interface Reports {
        /** The verifying observer's organisation in a verified SR (Verifying Organization, LO: at most 64 characters). */
        @WithDefault("OCTFlow")
        String organization();

        /**
         * STOW-RS endpoint (e.g. http://pacs:8042/dicom-web/studies) to store each exam's SR on when the exam gets its
         * result and when a review changes it; unset (default): reports are only served.
         */
        Optional<java.net.URI> stowUrl();

        /** How often due deliveries are looked for; also the first retry's delay (doubling up to the maximum). */
        @WithDefault("PT2S")
        Duration stowInterval();

        @WithDefault("PT10M")
        Duration stowMaxBackoff();
    }

    interface Review {
        /**
         * For predictions whose model states no review rule in its manifest (or from a worker older than the rule):
         * a top probability below this is marked REVIEW instead of DONE. A model's own rule always wins.
         */
        @WithDefault("0.6")
        double threshold();
    }

    interface ApiKeys {
        /** Keys allowed to submit scans (and read); required in the production profile (ApiKeyPolicy). */
        Optional<List<String>> submitter();

        /** Keys allowed to read; required in the production profile. */
        Optional<List<String>> reader();

        /** Keys allowed to read and to review (confirm or correct a label); optional: without one nobody reviews. */
        Optional<List<String>> reviewer();

        /**
         * Keys of imaging systems (a PACS, an Orthanc node) that may only store DICOM by STOW-RS: they read nothing
         * back. Optional: without one nobody stores DICOM.
         */
        Optional<List<String>> imaging();
    }

    /** DICOMweb STOW-RS ({@code POST /dicom-web/studies}). */
    interface DicomWeb {
        /**
         * The largest request body, in bytes (512 MiB: ~1,000 B-scans of 1024x496 uncompressed). The body streams
         * through; this bounds the time and the database rows one request may take, not the heap. At most
         * {@code quarkus.http.limits.max-body-size}, or the gateway refuses to start.
         */
        @WithDefault("536870912")
        long maxBodyBytes();
    }

    interface Outbox {
        /** How often the publisher looks for unsent rows when nothing woke it. */
        @WithDefault("PT1S")
        Duration pollInterval();

        @WithDefault("50")
        int batchSize();

        /**
         * How long a claimed row is this gateway's to send (renewed while it waits for Kafka); a row of a gateway that
         * died is sent by another once its lease runs out.
         */
        @WithDefault("PT60S")
        Duration lease();

        /**
         * How long a row Kafka never acknowledged keeps its scans' images and metadata: past it the row is deleted and
         * its scans FAILED (NOT_PUBLISHED). As long as the scans topic keeps records, so nothing outlives the topic.
         */
        @WithDefault("P7D")
        Duration unsentRetention();

        /** How often rows are purged: sent ones (no payload left) and unsent ones past their retention. */
        @WithDefault("PT10M")
        Duration purgeInterval();

        /** Off only for tests that need rows to stay unsent. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Health {
        /** Readiness fails once predictions have waited this long because they cannot be stored. */
        @WithDefault("PT30S")
        Duration storageStallAfter();
    }

    interface Kafka {
        @WithDefault("octflow-gateway")
        String groupId();

        /**
         * Kafka brokers: {@code OCTFLOW_KAFKA_BOOTSTRAP_SERVERS}, the name every app reads. Unset, the client settings
         * file's {@code bootstrap.servers}, then the deprecated {@code KAFKA_BOOTSTRAP_SERVERS}, then localhost:9092.
         */
        Optional<String> bootstrapServers();

        /**
         * Kafka client properties (TLS, SASL...) to read at start; every {@code OCTFLOW_KAFKA_<PROPERTY>} variable
         * is one too and wins over the file.
         */
        Optional<Path> configFile();

        /**
         * Readiness fails while Kafka has not answered once this long after start: a wrong address or a plaintext
         * client on a TLS listener gets no answer at all, which no wait fixes. Once it answered, outages do not count.
         */
        @WithDefault("PT2M")
        java.time.Duration startTimeout();

        /**
         * Create the contract's missing topics at start, as {@code TopicSpec} says (needs the Create ACL). Off by
         * default: in a managed cluster the topics are the platform's.
         */
        @WithDefault("false")
        boolean createTopics();
    }
}
