package org.octflow.trainer.cli;

import org.octflow.trainer.core.manifest.RunInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads the run's provenance from the process and the git checkout it runs in. */
final class RunInfos {
    private RunInfos() {
    }

    static RunInfo current(String[] args) {
        return new RunInfo("java -jar trainer/target/trainer.jar " + String.join(" ", args), gitCommit(), Instant.now());
    }

    static String gitCommit() {
        try {
            String head = git("rev-parse", "HEAD");
            String dirty = git("status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown (not a git checkout)" : head + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
        } catch (IOException | InterruptedException e) {
            return "unknown (git not available: " + e.getMessage() + ")";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }
}
