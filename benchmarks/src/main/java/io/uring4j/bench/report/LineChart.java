package io.uring4j.bench.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A scaling chart drawn with Java2D and written as PNG: x is the number a workload family varies
 * (batch size, queue depth, connections) on a log scale, y the figure from 0; one line per
 * implementation through the medians of its runs, over a translucent band from the smallest to
 * the largest run at each point.
 */
final class LineChart {
    private static final int WIDTH = 760;
    /** Space between the plot's edges and the first and last x. */
    private static final int PAD = 30;
    private static final int DOT = 6;
    private static final float BAND_ALPHA = 0.22f;

    private LineChart() {}

    /**
     * Draws the chart.
     *
     * @param xs     the x values, ascending and positive
     * @param xAxis  what x is (e.g. "queue depth")
     * @param series implementation names, in legend order
     * @param values {@code values[x][series]}, null where there is no figure
     */
    static void write(Path png, String title, String axis, String xAxis, long[] xs, List<String> series,
            Stats[][] values) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, ChartStyle.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.begin(image, title, series);
        try {
            double top = ChartStyle.valueAxis(g, WIDTH, ChartStyle.highest(values), axis);
            FontMetrics fm = g.getFontMetrics();
            int plotBottom = ChartStyle.HEIGHT - ChartStyle.BOTTOM;
            int[] px = new int[xs.length];
            double lo = Math.log(xs[0]);
            double span = Math.max(Math.log(xs[xs.length - 1]) - lo, 1e-9);
            int left = ChartStyle.LEFT + PAD;
            int plotWidth = WIDTH - ChartStyle.RIGHT - PAD - left;
            for (int i = 0; i < xs.length; i++) {
                px[i] = left + (int) Math.round((Math.log(xs[i]) - lo) / span * plotWidth);
                String label = Long.toString(xs[i]);
                g.setColor(ChartStyle.GRID);
                g.drawLine(px[i], ChartStyle.TOP, px[i], plotBottom);
                g.setColor(Color.BLACK);
                g.drawString(label, px[i] - fm.stringWidth(label) / 2, plotBottom + 18);
            }
            String xTitle = xAxis + " (log scale)";
            g.drawString(xTitle, left + plotWidth / 2 - fm.stringWidth(xTitle) / 2, plotBottom + 36);
            for (int si = 0; si < series.size(); si++) {
                band(g, px, values, si, top);
            }
            for (int si = 0; si < series.size(); si++) {
                line(g, px, values, si, top);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString("lines: median of the runs; bands: min–max", ChartStyle.LEFT, ChartStyle.HEIGHT - 6);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** The min–max band of one series, over the points where it has a figure. */
    private static void band(Graphics2D g, int[] px, Stats[][] values, int si, double top) {
        Polygon p = new Polygon();
        for (int i = 0; i < px.length; i++) {
            if (values[i][si] != null) {
                p.addPoint(px[i], ChartStyle.y(values[i][si].max(), top));
            }
        }
        for (int i = px.length - 1; i >= 0; i--) {
            if (values[i][si] != null) {
                p.addPoint(px[i], ChartStyle.y(values[i][si].min(), top));
            }
        }
        Composite before = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, BAND_ALPHA));
        g.setColor(ChartStyle.colour(si));
        g.fillPolygon(p);
        g.setComposite(before);
    }

    /** The median line and dots of one series, with its min–max as a whisker at each point. */
    private static void line(Graphics2D g, int[] px, Stats[][] values, int si, double top) {
        Color c = ChartStyle.colour(si);
        int lastX = -1;
        int lastY = -1;
        for (int i = 0; i < px.length; i++) {
            Stats v = values[i][si];
            if (v == null) {
                continue;
            }
            int y = ChartStyle.y(v.median(), top);
            g.setColor(c);
            if (lastX >= 0) {
                g.setStroke(new BasicStroke(2.5f));
                g.drawLine(lastX, lastY, px[i], y);
            }
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(px[i], ChartStyle.y(v.min(), top), px[i], ChartStyle.y(v.max(), top));
            g.fillOval(px[i] - DOT / 2, y - DOT / 2, DOT, DOT);
            lastX = px[i];
            lastY = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
