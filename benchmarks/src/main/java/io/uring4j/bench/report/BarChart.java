package io.uring4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart drawn with Java2D and written as PNG: one group of bars per workload
 * variant (e.g. batch 1, 32, 128), one bar per implementation. A bar is the median of the runs,
 * its whisker spans their min–max, and the median is printed above the whisker. Needs no
 * display ({@code java.awt.headless=true} is set by {@link Report}).
 */
final class BarChart {
    private static final int BAR = 40;
    private static final int GAP = 36;
    private static final int CAP = 6;

    private BarChart() {}

    /**
     * Draws the chart.
     *
     * @param groups labels of the bar groups
     * @param series implementation names, in legend order
     * @param values {@code values[group][series]}, null where there is no figure
     */
    static void write(Path png, String title, String axis, List<String> groups, List<String> series, Stats[][] values)
            throws IOException {
        int width = Math.max(640, ChartStyle.LEFT + ChartStyle.RIGHT + groups.size() * (series.size() * BAR + GAP) + GAP);
        // Groups share the plot width evenly; bars sit in the middle of their group's share.
        int groupWidth = (width - ChartStyle.LEFT - ChartStyle.RIGHT - GAP) / groups.size();
        BufferedImage image = new BufferedImage(width, ChartStyle.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.begin(image, title, series);
        try {
            double top = ChartStyle.valueAxis(g, width, ChartStyle.highest(values), axis);
            FontMetrics fm = g.getFontMetrics();
            int plotBottom = ChartStyle.HEIGHT - ChartStyle.BOTTOM;
            for (int gi = 0; gi < groups.size(); gi++) {
                int x0 = ChartStyle.LEFT + GAP / 2 + gi * groupWidth + (groupWidth - series.size() * BAR) / 2;
                for (int si = 0; si < series.size(); si++) {
                    Stats v = values[gi][si];
                    if (v == null) {
                        continue;
                    }
                    int x = x0 + si * BAR;
                    int yMedian = ChartStyle.y(v.median(), top);
                    g.setColor(ChartStyle.colour(si));
                    g.fillRect(x + 3, yMedian, BAR - 6, plotBottom - yMedian);
                    int yMax = ChartStyle.y(v.max(), top);
                    if (v.runs() > 1) {
                        int yMin = ChartStyle.y(v.min(), top);
                        int cx = x + BAR / 2;
                        g.setColor(ChartStyle.RANGE);
                        g.setStroke(new BasicStroke(1.5f));
                        g.drawLine(cx, yMin, cx, yMax);
                        g.drawLine(cx - CAP, yMin, cx + CAP, yMin);
                        g.drawLine(cx - CAP, yMax, cx + CAP, yMax);
                        g.setStroke(new BasicStroke(1f));
                    }
                    g.setColor(Color.BLACK);
                    String label = ChartStyle.compact(v.median());
                    g.drawString(label, x + BAR / 2 - fm.stringWidth(label) / 2, Math.min(yMedian, yMax) - 4);
                }
                String label = groups.get(gi);
                int center = x0 + series.size() * BAR / 2;
                g.setColor(Color.BLACK);
                g.drawString(label, center - fm.stringWidth(label) / 2, plotBottom + 18);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString("bars: median of the runs; whiskers: min–max", ChartStyle.LEFT, ChartStyle.HEIGHT - 12);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
