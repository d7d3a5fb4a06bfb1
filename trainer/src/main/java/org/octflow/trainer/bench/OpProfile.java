package org.octflow.trainer.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/** Where DL4J's time goes: ND4J's op profiler switched on around a workload, its dashboard printed. */
public final class OpProfile {
    private OpProfile() {
    }

    public static void around(Runnable workload) {
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().notOptimalArguments(false).build());
        try {
            workload.run();
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        }
        OpProfiler.getInstance().printOutDashboard();
    }
}
