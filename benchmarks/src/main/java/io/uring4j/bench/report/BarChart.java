package io.uring4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart drawn with Java2D and written as PNG: one group of bars per workload
 * variant (e.g. batch 1, 32, 128), one bar per implementation, the value printed above each
 * bar. Needs no display ({@code java.awt.headless=true} is set by {@link Report}).
 */
final class BarChart {
    private static final Color[] PALETTE = {
        new Color(0xD9480F), // uring4j: always the first series, always this colour
        new Color(0x1C7ED6), new Color(0x37B24D), new Color(0x7048E8), new Color(0xF59F00),
        new Color(0x0CA678), new Color(0x868E96), new Color(0xE64980),
    };
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int TOP = 70;
    private static final int BOTTOM = 60;
    private static final int BAR = 40;
    private static final int GAP = 36;

    private BarChart() {}

    /**
     * Draws the chart.
     *
     * @param groups labels of the bar groups
     * @param series implementation names, in legend order
     * @param values {@code values[group][series]}, NaN where there is no value
     */
    static void write(Path png, String title, String axis, List<String> groups, List<String> series, double[][] values)
            throws IOException {
        int width = Math.max(640, LEFT + RIGHT + groups.size() * (series.size() * BAR + GAP) + GAP);
        // Groups share the plot width evenly; bars sit in the middle of their group's share.
        int groupWidth = (width - LEFT - RIGHT - GAP) / groups.size();
        BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, HEIGHT);
            double max = 0;
            for (double[] row : values) {
                for (double v : row) {
                    if (!Double.isNaN(v)) {
                        max = Math.max(max, v);
                    }
                }
            }
            double step = niceStep(max <= 0 ? 1 : max * 1.15 / 5);
            double top = Math.ceil(max * 1.15 / step) * step;
            if (top <= 0) {
                top = step;
            }
            int plotBottom = HEIGHT - BOTTOM;
            int plotHeight = plotBottom - TOP;

            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();

            // Grid lines and y labels.
            for (double y = 0; y <= top + step / 2; y += step) {
                int py = plotBottom - (int) Math.round(y / top * plotHeight);
                g.setColor(new Color(0xE9ECEF));
                g.drawLine(LEFT, py, width - RIGHT, py);
                g.setColor(Color.DARK_GRAY);
                String label = compact(y);
                g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
            }
            g.rotate(-Math.PI / 2);
            g.drawString(axis, -(TOP + plotHeight / 2 + fm.stringWidth(axis) / 2), 16);
            g.rotate(Math.PI / 2);

            // Bars.
            for (int gi = 0; gi < groups.size(); gi++) {
                int x0 = LEFT + GAP / 2 + gi * groupWidth + (groupWidth - series.size() * BAR) / 2;
                for (int si = 0; si < series.size(); si++) {
                    double v = values[gi][si];
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    int h = (int) Math.round(v / top * plotHeight);
                    int x = x0 + si * BAR;
                    g.setColor(PALETTE[si % PALETTE.length]);
                    g.fillRect(x + 3, plotBottom - h, BAR - 6, h);
                    g.setColor(Color.BLACK);
                    String label = compact(v);
                    g.drawString(label, x + BAR / 2 - fm.stringWidth(label) / 2, plotBottom - h - 4);
                }
                String label = groups.get(gi);
                int center = x0 + series.size() * BAR / 2;
                g.drawString(label, center - fm.stringWidth(label) / 2, plotBottom + 18);
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(LEFT, plotBottom, width - RIGHT, plotBottom);

            // Legend, under the title.
            int lx = LEFT;
            for (int si = 0; si < series.size(); si++) {
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(lx, 40, 12, 12);
                g.setColor(Color.BLACK);
                g.drawString(series.get(si), lx + 16, 51);
                lx += 16 + fm.stringWidth(series.get(si)) + 18;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** 1234567 as "1.23M", 591000 as "591k", 49.3 as "49.3". */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
        }
        if (a >= 1e4) {
            return trim(String.format(Locale.ROOT, "%.1f", v / 1e3)) + "k";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return trim(String.format(Locale.ROOT, a >= 10 ? "%.1f" : "%.2f", v));
    }

    private static String trim(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
