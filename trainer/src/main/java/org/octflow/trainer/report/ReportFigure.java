package org.octflow.trainer.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.xy.XYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

/**
 * What every report figure shares: its size, its look (white, light grid, one palette, one font family) and the
 * PNG it is written to. The chart classes only say what they plot.
 */
record ReportFigure(JFreeChart chart, int width, int height) {
    /** Matplotlib's tab10, black and a light blue: twelve lines (the experiment's variants) told apart on white. */
    static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf), new Color(0x000000), new Color(0xaec7e8));
    /** Reference lines (the diagonal, a target): behind the data in grey, dashed. */
    static final Color REFERENCE = new Color(0x888888);
    static final Stroke DATA_STROKE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke REFERENCE_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[]{6, 4}, 0);

    private static final Color GRID = new Color(0xdddddd);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static Color color(int series) {
        return PALETTE.get(series % PALETTE.size());
    }

    /** A line chart on number axes; the caller styles the renderer's series and may fix the axes' ranges. */
    static JFreeChart xyChart(String title, String subtitle, String xLabel, String yLabel, XYDataset data,
                              XYLineAndShapeRenderer renderer, RectangleEdge legendAt) {
        NumberAxis x = numberAxis(xLabel);
        NumberAxis y = numberAxis(yLabel);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        return titled(title, subtitle, plot, legendAt);
    }

    /** A share or a rate: 0 to 1 in tenths, a little room above 1 so a line along it stays clear of the frame. */
    static void unitRange(NumberAxis axis) {
        axis.setRange(0, 1.02);
        axis.setTickUnit(new NumberTickUnit(0.1, new DecimalFormat("0.0")));
    }

    static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        styleAxis(axis);
        return axis;
    }

    static void styleAxis(Axis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
    }

    /**
     * Title, then the subtitle (wrapped to the chart's width, never cut), then the plot; the legend at
     * {@code legendAt}, sized by JFreeChart to its text (null: no legend).
     */
    static JFreeChart titled(String title, String subtitle, Plot plot, RectangleEdge legendAt) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legendAt != null);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 10, 8, 14));
        chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
        TextTitle sub = new TextTitle(subtitle, SUBTITLE);
        sub.setHorizontalAlignment(HorizontalAlignment.LEFT);
        sub.setPadding(new RectangleInsets(2, 0, 10, 0));
        chart.addSubtitle(sub);
        if (legendAt != null) {
            LegendTitle legend = chart.getLegend();
            legend.setPosition(legendAt);
            legend.setItemFont(LEGEND);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 8));
            if (legendAt == RectangleEdge.RIGHT) {
                legend.setVerticalAlignment(VerticalAlignment.TOP);
                legend.setMargin(new RectangleInsets(0, 12, 0, 0));
            } else {
                legend.setMargin(new RectangleInsets(8, 0, 0, 0));
            }
        }
        return chart;
    }

    void writePng(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart " + file + ": " + e.getMessage()
                    + " (check that its directory is writable)", e);
        }
    }
}
