package org.octflow.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.trainer.support.SharedData;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shipped model's calibration, measured from its ONNX file, is what its manifest says it is. */
class CalibrationCheckCommandTest {
    private static final Path SHIPPED = Path.of("../models/octmnist-cnn");

    @Test
    void theShippedModelServesTheValFiguresItsManifestStatesAndSaysWhereTheNoiseFloorIs() {
        Path data = SharedData.require("octmnist_partial.npz");
        JsonNode val = ManifestFiles.read(SHIPPED).metrics().get("val");
        CalibrationCheckCommand command = new CalibrationCheckCommand();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        int exit = new CommandLine(command).execute("--model", SHIPPED.toString(), "--data", data.toString());

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("under the deployment prior BALANCED").contains("(773 images)");
        Matcher figures = Pattern.compile("accuracy ([0-9.]+), log-loss ([0-9.]+), ECE ([0-9.]+)").matcher(output);
        assertThat(figures.find()).as(output).isTrue();
        assertThat(Double.parseDouble(figures.group(1))).isCloseTo(val.get("accuracy").asDouble(), within(1e-4));
        assertThat(Double.parseDouble(figures.group(2))).isCloseTo(val.get("logLoss").asDouble(), within(1e-4));
        assertThat(Double.parseDouble(figures.group(3))).isCloseTo(val.get("eceAfterCalibration").asDouble(),
                within(1e-4));
        Matcher floor = Pattern.compile("would score ECE ([0-9.]+) here").matcher(output);
        assertThat(floor.find()).as(output).isTrue();
        assertThat(Double.parseDouble(floor.group(1))).isBetween(0.01, 0.1);
    }
}
