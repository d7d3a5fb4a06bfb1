package org.octflow.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.trainer.core.config.ArchitectureConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs trainer/bench/torch_bench.py with Debian's /usr/bin/python3 (where python3-torch lives). */
public final class TorchPeer {
    private final Path python;
    private final Path script;

    public TorchPeer(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    public List<Double> measure(Path npz, ArchitectureConfig architecture, int batchSize, int runs, int epochs)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IOException(script + " not found: run bench from the repository root or pass --torch-script");
        }
        List<String> command = List.of(python.toString(), script.toString(), "--data", npz.toString(),
                "--conv", architecture.convSpec(), "--dense", String.valueOf(architecture.denseUnits()),
                "--dropout", String.valueOf(architecture.dropout()), "--batch-norm", architecture.batchNorm() ? "1" : "0",
                "--head", architecture.head().name(),
                "--batch-size", String.valueOf(batchSize), "--runs", String.valueOf(runs),
                "--epochs", String.valueOf(epochs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("the PyTorch peer failed (" + String.join(" ", command) + "):\n" + output
                    + "\nIt needs Debian's python3-torch: apt-get install python3-torch python3-numpy");
        }
        String last = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("the PyTorch peer printed no result:\n" + output));
        JsonNode json = ManifestFiles.json().readTree(last);
        List<Double> rates = new ArrayList<>();
        json.get("images_per_second").forEach(n -> rates.add(n.asDouble()));
        return rates;
    }

    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
