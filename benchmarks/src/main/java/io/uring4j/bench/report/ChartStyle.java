package io.uring4j.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * What the bar and line charts share: the colours (uring4j always first, always orange), the
 * plot margins, the title and legend, the value axis, and the number formats.
 */
final class ChartStyle {
    static final Color[] PALETTE = {
        new Color(0xD9480F), // uring4j: always the first series, always this colour
        new Color(0x1C7ED6), new Color(0x37B24D), new Color(0x7048E8), new Color(0xF59F00),
        new Color(0x0CA678), new Color(0x868E96), new Color(0xE64980),
    };
    static final Color GRID = new Color(0xE9ECEF);
    /** The min–max whiskers of bars. */
    static final Color RANGE = new Color(0x212529);
    static final int HEIGHT = 440;
    static final int LEFT = 80;
    static final int RIGHT = 24;
    static final int TOP = 70;
    static final int BOTTOM = 60;

    private ChartStyle() {}

    /** {@return the largest max of every figure present (the top of the ranges to draw)} */
    static double highest(Stats[][] values) {
        double max = 0;
        for (Stats[] row : values) {
            for (Stats v : row) {
                if (v != null) {
                    max = Math.max(max, v.max());
                }
            }
        }
        return max;
    }

    static Color colour(int series) {
        return PALETTE[series % PALETTE.length];
    }

    /** A white image with antialiasing on, the title and the legend drawn. */
    static Graphics2D begin(BufferedImage image, String title, List<String> series) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int lx = LEFT;
        for (int si = 0; si < series.size(); si++) {
            g.setColor(colour(si));
            g.fillRect(lx, 40, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(series.get(si), lx + 16, 51);
            lx += 16 + fm.stringWidth(series.get(si)) + 18;
        }
        return g;
    }

    /**
     * Draws a value axis from 0 with room above {@code max} (grid lines, labels, the axis title)
     * for a plot of {@code width}, and returns its top value (for {@link #y}).
     */
    static double valueAxis(Graphics2D g, int width, double max, String axis) {
        double step = niceStep(max <= 0 ? 1 : max * 1.15 / 5);
        double top = Math.ceil(max * 1.15 / step) * step;
        if (top <= 0) {
            top = step;
        }
        FontMetrics fm = g.getFontMetrics();
        int plotBottom = HEIGHT - BOTTOM;
        int plotHeight = plotBottom - TOP;
        for (double v = 0; v <= top + step / 2; v += step) {
            int py = y(v, top);
            g.setColor(GRID);
            g.drawLine(LEFT, py, width - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String label = compact(v);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        g.rotate(-Math.PI / 2);
        g.drawString(axis, -(TOP + plotHeight / 2 + fm.stringWidth(axis) / 2), 16);
        g.rotate(Math.PI / 2);
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, plotBottom, width - RIGHT, plotBottom);
        return top;
    }

    /** The pixel row of {@code v} on a value axis 0..top. */
    static int y(double v, double top) {
        int plotBottom = HEIGHT - BOTTOM;
        return plotBottom - (int) Math.round(v / top * (plotBottom - TOP));
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
