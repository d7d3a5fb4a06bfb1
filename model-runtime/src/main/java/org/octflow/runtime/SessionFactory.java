package org.octflow.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Set;

/**
 * Opens ONNX Runtime sessions on the configured device. {@code auto} on the CPU build (the default) says so in one
 * INFO line; on the CUDA build it tries CUDA once per process and, if it cannot be used, says why in one WARN line.
 * Either way it stays on CPU for every later model version. {@code cuda} fails instead, saying what to do.
 */
public final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    /** A session and the execution provider it really runs on. */
    record OpenedSession(OrtSession session, String provider) {
    }

    private final OrtEnvironment environment;
    private final int intraOpThreads;
    private final boolean spinning;
    private final boolean cudaInBuild;
    private volatile Device device;

    public SessionFactory(Device device, int intraOpThreads) {
        this(device, intraOpThreads, false);
    }

    /** @param spinning let idle intra-op threads busy-wait: faster for back-to-back runs, costly when sharing cores */
    public SessionFactory(Device device, int intraOpThreads, boolean spinning) {
        this(device, intraOpThreads, spinning, OrtEnvironment.getAvailableProviders());
    }

    /**
     * @param buildProviders the execution providers this ONNX Runtime build was made with (the CUDA build lists CUDA
     *                       whether or not a GPU is there); tests pass the CUDA build's on the CPU build
     */
    SessionFactory(Device device, int intraOpThreads, boolean spinning, Set<OrtProvider> buildProviders) {
        this.environment = OrtEnvironment.getEnvironment();
        this.device = device;
        this.intraOpThreads = intraOpThreads;
        this.spinning = spinning;
        this.cudaInBuild = buildProviders.contains(OrtProvider.CUDA);
    }

    OrtEnvironment environment() {
        return environment;
    }

    OpenedSession open(Path modelFile) throws OrtException {
        if (device != Device.CPU && !cudaInBuild) {
            if (device == Device.CUDA) {
                throw new IllegalStateException("--device cuda was asked for but CUDA cannot be used (this is the CPU"
                        + " build of ONNX Runtime): build with ./mvnw -P gpu (the CUDA image does), or run with"
                        + " --device auto or cpu");
            }
            LOG.info("device auto: CPU (no CUDA in this build), {} intra-op threads", intraOpThreads);
            device = Device.CPU;
        }
        if (device != Device.CPU) {
            try (OrtSession.SessionOptions options = baseOptions()) {
                options.addCUDA(0);
                OrtSession session = environment.createSession(modelFile.toString(), options);
                device = Device.CUDA; // later versions need not probe again
                return new OpenedSession(session, "CUDA");
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                String why = firstLine(e);
                if (device == Device.CUDA) {
                    throw new IllegalStateException("--device cuda was asked for but CUDA cannot be used (" + why
                            + "): install CUDA 12 + cuDNN 9 and a GPU driver, or run with --device auto or cpu", e);
                }
                LOG.warn("device auto: CUDA is not usable ({}); falling back to CPU with {} intra-op threads", why,
                        intraOpThreads);
                device = Device.CPU;
            }
        }
        // Fresh options: ones that failed addCUDA must not be reused.
        try (OrtSession.SessionOptions options = baseOptions()) {
            return new OpenedSession(environment.createSession(modelFile.toString(), options), "CPU");
        }
    }

    private OrtSession.SessionOptions baseOptions() throws OrtException {
        return options(intraOpThreads, spinning);
    }

    /** The session options every OCTFlow model runs with. */
    static OrtSession.SessionOptions options(int intraOpThreads, boolean spinning) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        // Idle ORT threads otherwise spin for a while after each run, taking the CPU the Kafka loop needs.
        options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        return options;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
