package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.preprocessing.testing.HostileImages;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 130 KB PNG can declare 128 MiB of 16-bit RGBA pixels. Six at once once ran the gateway out of heap inside the
 * decoder, and valid uploads beside them were refused with an empty reason. Decoding is bounded now: all are accepted.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class DecompressionBombTest {
    @Test
    void sixDecompressionBombsAtOnceLeaveRoomForEveryValidScan() throws Exception {
        byte[] bomb = HostileImages.decompressionBombPng(4096, 4096);
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(submit(clients, bomb, "bomb-" + i + ".png"));
                answers.add(submit(clients, TestImages.png(512, 496), "scan-" + i + ".png"));
            }

            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> answer : answers) {
                statuses.add(answer.get(120, TimeUnit.SECONDS));
            }

            assertThat(statuses).as("every bomb and every valid scan is accepted").containsOnly(202);
        } finally {
            clients.shutdownNow();
        }
    }

    private static CompletableFuture<Integer> submit(ExecutorService clients, byte[] png, String name) {
        return CompletableFuture.supplyAsync(() -> Api.asSubmitter().multiPart("scan", name, png, "image/png")
                .post("/api/v1/scans").statusCode(), clients);
    }
}
