package org.octflow.trainer.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.octflow.contracts.manifest.ReviewRule;
import org.octflow.trainer.core.review.RiskCoverage;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy of the auto-accepted scans against the share auto-accepted, for every threshold, on val and on test,
 * with the accuracy target and the threshold chosen on val.
 */
final class RiskCoverageChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 640;

    private RiskCoverageChart() {
    }

    /** @param accuracyTarget the accepted-accuracy target the rule was chosen for (NaN: another kind of target) */
    static ReportFigure of(String title, String subtitle, List<RiskCoverage.Point> val, List<RiskCoverage.Point> test,
                           ReviewRule rule, double accuracyTarget) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        data.addSeries(curve("val (the threshold is chosen here)", val));
        renderer.setSeriesPaint(0, ReportFigure.color(0));
        data.addSeries(curve("test", test));
        renderer.setSeriesPaint(1, ReportFigure.color(3));
        renderer.setSeriesStroke(0, ReportFigure.DATA_STROKE);
        renderer.setSeriesStroke(1, ReportFigure.DATA_STROKE);
        if (!Double.isNaN(accuracyTarget)) {
            XYSeries target = new XYSeries(String.format(Locale.ROOT, "target: %.3f accurate", accuracyTarget),
                    false, true);
            target.add(0, accuracyTarget);
            target.add(1, accuracyTarget);
            int s = data.getSeriesCount();
            data.addSeries(target);
            renderer.setSeriesPaint(s, ReportFigure.REFERENCE);
            renderer.setSeriesStroke(s, ReportFigure.REFERENCE_STROKE);
        }
        JFreeChart chart = ReportFigure.xyChart(title, subtitle, "coverage (share auto-accepted)",
                "accuracy of the auto-accepted", data, renderer, RectangleEdge.BOTTOM);
        ReviewRule.OperatingPoint chosen = rule.val();
        if (chosen.acceptedAccuracy() != null) {
            // Its own dataset, drawn last, so the curves do not run over the point.
            XYSeries point = new XYSeries(String.format(Locale.ROOT,
                    "chosen on val: p >= %.3f (coverage %.3f, accuracy %.3f)", rule.minTopProbability(),
                    chosen.coverage(), chosen.acceptedAccuracy()), false, true);
            point.add(chosen.coverage(), chosen.acceptedAccuracy().doubleValue());
            XYLineAndShapeRenderer dot = new XYLineAndShapeRenderer(false, true);
            dot.setSeriesPaint(0, Color.BLACK);
            dot.setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
            XYPlot plot = chart.getXYPlot();
            plot.setDataset(1, new XYSeriesCollection(point));
            plot.setRenderer(1, dot);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        // Down to the tenth below the lowest accuracy, and never less than a tenth tall (a perfect model's is flat).
        double floor = Math.min(0.9, Math.floor(Math.min(lowest(val), lowest(test)) * 10) / 10);
        chart.getXYPlot().getDomainAxis().setRange(0, 1.01);
        // A little above 1 so that the curves' perfect start is not hidden under the plot's frame.
        chart.getXYPlot().getRangeAxis().setRange(floor, 1 + (1 - floor) * 0.02);
        return new ReportFigure(chart, WIDTH, HEIGHT);
    }

    private static XYSeries curve(String name, List<RiskCoverage.Point> points) {
        XYSeries series = new XYSeries(name, false, true);
        points.forEach(p -> series.add(p.operating().coverage(), p.operating().acceptedAccuracy().doubleValue()));
        return series;
    }

    private static double lowest(List<RiskCoverage.Point> points) {
        return points.stream().mapToDouble(p -> p.operating().acceptedAccuracy()).min().orElse(0);
    }
}
