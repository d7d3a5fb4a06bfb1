package org.octflow.trainer.support;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Labelled scan folders as ./octflow export-reviewed writes them: {@code <root>/<CLASS>/<scan>.jpg}. */
public final class ScanFolders {
    private ScanFolders() {
    }

    /** Writes {@code count} small grey JPEGs per class (each a little different) and returns the root. */
    public static Path write(Path root, Map<String, Integer> countPerClass) throws IOException {
        for (Map.Entry<String, Integer> entry : countPerClass.entrySet()) {
            Path folder = Files.createDirectories(root.resolve(entry.getKey()));
            for (int i = 0; i < entry.getValue(); i++) {
                BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
                for (int x = 0; x < 64; x++) {
                    image.getRaster().setSample(x, (i * 7 + entry.getKey().length() * 5) % 48, 0, 220);
                }
                ImageIO.write(image, "jpg", folder.resolve("s-" + entry.getKey() + "-" + i + ".jpg").toFile());
            }
        }
        return root;
    }
}
