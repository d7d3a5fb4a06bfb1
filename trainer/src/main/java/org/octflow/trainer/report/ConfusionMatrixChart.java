package org.octflow.trainer.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Arrays;
import java.util.List;

/** Counts per true and predicted class, each cell shaded by its share of the true class's images. */
final class ConfusionMatrixChart {
    static final int WIDTH = 620;
    static final int HEIGHT = 620;
    private static final Color FULL = ReportFigure.PALETTE.get(0);
    private static final Font COUNT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private ConfusionMatrixChart() {
    }

    static ReportFigure of(String title, String subtitle, int[][] matrix, List<String> classes) {
        int k = classes.size();
        double[][] cells = new double[3][k * k];
        XYPlot plot = new XYPlot();
        for (int t = 0; t < k; t++) {
            int rowTotal = Arrays.stream(matrix[t]).sum();
            for (int p = 0; p < k; p++) {
                double share = rowTotal == 0 ? 0 : matrix[t][p] / (double) rowTotal;
                cells[0][t * k + p] = p;
                cells[1][t * k + p] = t;
                cells[2][t * k + p] = share;
                XYTextAnnotation count = new XYTextAnnotation(String.valueOf(matrix[t][p]), p, t);
                count.setFont(COUNT);
                // White on the dark half of the scale, black on the light half.
                count.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(count);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share of the true class", cells);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new WhiteToFull());
        String[] names = classes.toArray(String[]::new);
        SymbolAxis predicted = new SymbolAxis("predicted class", names);
        SymbolAxis truth = new SymbolAxis("true class (shade: share of its row)", names);
        for (SymbolAxis axis : List.of(predicted, truth)) {
            ReportFigure.styleAxis(axis);
            axis.setGridBandsVisible(false);
            axis.setRange(-0.5, k - 0.5);
        }
        truth.setInverted(true);
        plot.setDataset(data);
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(truth);
        plot.setRenderer(renderer);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = ReportFigure.titled(title, subtitle, plot, null);
        return new ReportFigure(chart, WIDTH, HEIGHT);
    }

    /** Share 0 is white, share 1 the palette's first colour. */
    private static final class WhiteToFull implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double share) {
            double s = Math.max(0, Math.min(1, share));
            return new Color(mix(FULL.getRed(), s), mix(FULL.getGreen(), s), mix(FULL.getBlue(), s));
        }

        private static int mix(int full, double s) {
            return (int) Math.round(255 + (full - 255) * s);
        }
    }
}
