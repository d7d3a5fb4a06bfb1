package org.octflow.trainer.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A white PNG with a titled plot area mapping data coordinates to pixels; the charts draw on it. */
final class ChartCanvas {
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
            new Color(0x17becf), new Color(0x000000), new Color(0xaec7e8)};
    static final int LEFT = 70;
    static final int TOP = 50;
    static final int RIGHT = 190;
    static final int BOTTOM = 60;

    final BufferedImage image;
    final Graphics2D g;
    final int width;
    final int height;
    double xMin = 0;
    double xMax = 1;
    double yMin = 0;
    double yMax = 1;

    ChartCanvas(int width, int height, String title, String subtitle) {
        this.width = width;
        this.height = height;
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(subtitle, LEFT, 38);
    }

    void range(double xMin, double xMax, double yMin, double yMax) {
        this.xMin = xMin;
        this.xMax = xMax == xMin ? xMin + 1 : xMax;
        this.yMin = yMin;
        this.yMax = yMax == yMin ? yMin + 1 : yMax;
    }

    int px(double x) {
        return LEFT + (int) Math.round((x - xMin) / (xMax - xMin) * (width - LEFT - RIGHT));
    }

    int py(double y) {
        return height - BOTTOM - (int) Math.round((y - yMin) / (yMax - yMin) * (height - TOP - BOTTOM));
    }

    void axes(String xLabel, String yLabel, int ticks) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT, TOP, width - LEFT - RIGHT, height - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= ticks; i++) {
            double x = xMin + (xMax - xMin) * i / ticks;
            double y = yMin + (yMax - yMin) * i / ticks;
            g.drawString(format(x), px(x) - 10, height - BOTTOM + 16);
            g.drawString(format(y), LEFT - 40, py(y) + 4);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT + 1, py(y), width - RIGHT - 1, py(y));
            g.setColor(Color.BLACK);
        }
        g.drawString(xLabel, LEFT + (width - LEFT - RIGHT) / 2 - 30, height - BOTTOM + 36);
        g.drawString(yLabel, 8, TOP - 6);
    }

    void polyline(double[] xs, double[] ys, Color color, boolean dashed) {
        g.setColor(color);
        g.setStroke(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[]{6, 4}, 0)
                : new BasicStroke(2f));
        for (int i = 1; i < xs.length; i++) {
            g.drawLine(px(xs[i - 1]), py(ys[i - 1]), px(xs[i]), py(ys[i]));
        }
    }

    void legend(int row, String label, Color color) {
        int x = width - RIGHT + 12;
        int y = TOP + 10 + row * 18;
        g.setColor(color);
        g.fillRect(x, y - 8, 12, 10);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(label, x + 18, y + 1);
    }

    void save(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart " + file, e);
        } finally {
            g.dispose();
        }
    }

    static String format(double v) {
        return Math.abs(v) >= 10 || v == Math.rint(v) ? String.valueOf((long) Math.rint(v)) : String.format("%.2f", v);
    }
}
