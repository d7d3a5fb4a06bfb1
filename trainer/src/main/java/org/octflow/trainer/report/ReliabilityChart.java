package org.octflow.trainer.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.octflow.trainer.core.metrics.Evaluator;

import java.awt.geom.Ellipse2D;
import java.util.Locale;

/**
 * Accuracy against confidence in ten equal-width bins, before and after calibration, with the diagonal of perfect
 * calibration. The legend gives each side's ECE (on {@link Evaluator#ECE_BINS} bins, as the report's tables).
 */
final class ReliabilityChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 640;
    private static final int BINS = 10;

    private ReliabilityChart() {
    }

    /** @param weights per example, to show the split under another class mix (null: all 1) */
    static ReportFigure of(String title, String subtitle, float[][] before, float[][] after, int[] labels,
                           double[] weights) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(bins(String.format(Locale.ROOT, "before calibration, ECE %.3f",
                Evaluator.expectedCalibrationError(before, labels, weights)), before, labels, weights));
        data.addSeries(bins(String.format(Locale.ROOT, "after calibration, ECE %.3f",
                Evaluator.expectedCalibrationError(after, labels, weights)), after, labels, weights));
        XYSeries perfect = new XYSeries("perfect calibration", false, true);
        perfect.add(0, 0);
        perfect.add(1, 1);
        data.addSeries(perfect);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, ReportFigure.color(3));
        renderer.setSeriesPaint(1, ReportFigure.color(0));
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesStroke(s, ReportFigure.DATA_STROKE);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        renderer.setSeriesPaint(2, ReportFigure.REFERENCE);
        renderer.setSeriesStroke(2, ReportFigure.REFERENCE_STROKE);
        renderer.setSeriesShapesVisible(2, false);
        JFreeChart chart = ReportFigure.xyChart(title, subtitle, "confidence (top probability, mean of the bin)",
                "accuracy in the bin", data, renderer, RectangleEdge.BOTTOM);
        ReportFigure.unitRange((NumberAxis) chart.getXYPlot().getDomainAxis());
        ReportFigure.unitRange((NumberAxis) chart.getXYPlot().getRangeAxis());
        return new ReportFigure(chart, WIDTH, HEIGHT);
    }

    /** One point per non-empty bin: its mean confidence and its accuracy. */
    private static XYSeries bins(String name, float[][] probabilities, int[] labels, double[] weights) {
        double[] confidence = new double[BINS];
        double[] hits = new double[BINS];
        double[] count = new double[BINS];
        for (int i = 0; i < labels.length; i++) {
            double w = weights == null ? 1 : weights[i];
            int p = Evaluator.argmax(probabilities[i]);
            int b = Math.min(BINS - 1, (int) (probabilities[i][p] * BINS));
            confidence[b] += w * probabilities[i][p];
            hits[b] += p == labels[i] ? w : 0;
            count[b] += w;
        }
        XYSeries series = new XYSeries(name, false, true);
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                series.add(confidence[b] / count[b], hits[b] / count[b]);
            }
        }
        return series;
    }
}
