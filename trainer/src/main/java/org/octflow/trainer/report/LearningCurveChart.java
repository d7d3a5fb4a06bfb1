package org.octflow.trainer.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.octflow.trainer.core.train.EpochRecord;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** One figure per epoch metric, a line per experiment variant. */
final class LearningCurveChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 540;

    enum Metric {
        VAL_LOSS("validation loss", EpochRecord::valLoss),
        TRAIN_LOSS("training loss", EpochRecord::trainLoss),
        VAL_ACCURACY("validation accuracy", EpochRecord::valAccuracy);

        private final String label;
        private final ToDoubleFunction<EpochRecord> value;

        Metric(String label, ToDoubleFunction<EpochRecord> value) {
            this.label = label;
            this.value = value;
        }
    }

    private LearningCurveChart() {
    }

    static ReportFigure of(String title, String subtitle, Map<String, List<EpochRecord>> runs, Metric metric) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (var run : runs.entrySet()) {
            XYSeries series = new XYSeries(run.getKey(), false, true);
            run.getValue().forEach(e -> series.add(e.epoch(), metric.value.applyAsDouble(e)));
            data.addSeries(series);
            renderer.setSeriesPaint(i, ReportFigure.color(i));
            renderer.setSeriesStroke(i, ReportFigure.DATA_STROKE);
            i++;
        }
        // Many variants: a legend column beside the plot reads better than rows under it.
        JFreeChart chart = ReportFigure.xyChart(title, subtitle, "epoch", metric.label, data, renderer,
                RectangleEdge.RIGHT);
        NumberAxis epochs = (NumberAxis) chart.getXYPlot().getDomainAxis();
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return new ReportFigure(chart, WIDTH, HEIGHT);
    }
}
