package org.octflow.trainer.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.Arrays;
import java.util.List;

/** One-vs-rest ROC curve per class, with the diagonal of a classifier that guesses. */
final class RocChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 640;

    private RocChart() {
    }

    static ReportFigure of(String title, String subtitle, float[][] probabilities, int[] labels, List<String> classes) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int k = 0; k < classes.size(); k++) {
            data.addSeries(curve(classes.get(k), k, probabilities, labels));
            renderer.setSeriesPaint(k, ReportFigure.color(k));
            renderer.setSeriesStroke(k, ReportFigure.DATA_STROKE);
        }
        XYSeries chance = new XYSeries("chance", false, true);
        chance.add(0, 0);
        chance.add(1, 1);
        data.addSeries(chance);
        renderer.setSeriesPaint(classes.size(), ReportFigure.REFERENCE);
        renderer.setSeriesStroke(classes.size(), ReportFigure.REFERENCE_STROKE);
        JFreeChart chart = ReportFigure.xyChart(title, subtitle, "false positive rate", "true positive rate", data,
                renderer, RectangleEdge.BOTTOM);
        ReportFigure.unitRange((NumberAxis) chart.getXYPlot().getDomainAxis());
        ReportFigure.unitRange((NumberAxis) chart.getXYPlot().getRangeAxis());
        return new ReportFigure(chart, WIDTH, HEIGHT);
    }

    /** Walks the images from the most to the least probable for {@code cls}, one step per image. */
    private static XYSeries curve(String name, int cls, float[][] probabilities, int[] labels) {
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(probabilities[b][cls], probabilities[a][cls]));
        long positives = Arrays.stream(labels).filter(l -> l == cls).count();
        long negatives = labels.length - positives;
        XYSeries series = new XYSeries(name, false, true);
        series.add(0, 0);
        double tp = 0;
        double fp = 0;
        for (Integer i : order) {
            if (labels[i] == cls) {
                tp++;
            } else {
                fp++;
            }
            series.add(negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives);
        }
        return series;
    }
}
