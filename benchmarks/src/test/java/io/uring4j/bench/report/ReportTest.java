package io.uring4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report over repeated runs: medians and ranges, old and new row formats, chart kinds. */
class ReportTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    @Test
    void statsTakeTheMedianAndTheRange() {
        assertEquals(new Stats(3, 1, 7, 3), Stats.of(List.of(7.0, 1.0, 3.0)));
        assertEquals(new Stats(2.5, 1, 9, 4), Stats.of(List.of(9.0, 2.0, 1.0, 3.0)));
        assertEquals("-", Stats.of(List.of(5.0)).range());
        assertEquals("1.000–7.000", Stats.of(List.of(7.0, 1.0, 3.0)).range());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }

    @Test
    void rowsWithoutARunAreRunOneAndRunsMakeTheMedian() throws IOException {
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, """
                workload,implementation,metric,value,unit
                w-batch1,uring4j,time,10,ns/op
                w-batch1,liburing-c,time,8,ns/op,1
                w-batch1,uring4j,time,30,ns/op,2
                w-batch1,uring4j,time,20,ns/op,3
                w-batch1,liburing-c,time,6,ns/op,2
                """);
        List<Row> rows = Row.read(csv);
        assertEquals(1, rows.getFirst().run());
        assertEquals(3, rows.get(3).run());
        Comparison.Entry e = new Comparison(rows).find("w-batch1", "time");
        assertEquals(new Stats(20, 10, 30, 3), e.stats().get("uring4j"));
        assertEquals(new Stats(7, 6, 8, 2), e.stats().get("liburing-c"));
        assertEquals(20.0 / 7, e.ratio("liburing-c"), 1e-9);
        String table = ResultTable.text(new Comparison(rows));
        assertTrue(table.contains("10.0–30.0") && table.contains("6.000–8.000") && table.contains("3/2"), table);
    }

    @Test
    void aBadRunNumberIsRejectedWithTheLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "w,uring4j,time,1,ns/op,0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Row.read(csv));
        assertTrue(e.getMessage().contains("run must be") && e.getMessage().contains(":1:"), e.getMessage());
    }

    @Test
    void timesAndCostsPerOperationAreLowerIsBetter() {
        assertTrue(Row.lowerIsBetter("ns/op") && Row.lowerIsBetter("B/op") && Row.lowerIsBetter("us/read")
                && Row.lowerIsBetter("ms"));
        assertTrue(!Row.lowerIsBetter("req/s") && !Row.lowerIsBetter("IOPS") && !Row.lowerIsBetter("threads"));
    }

    @Test
    void scalingFamiliesAreNumberedVariantsOfOneWord() {
        assertArrayEquals(new long[] {1, 8, 32, 256}, Report.scalingPoints(List.of("batch1", "batch8", "batch32", "batch256")));
        assertArrayEquals(new long[] {64, 256, 1024, 4096}, Report.scalingPoints(List.of("c64", "c256", "c1024", "c4096")));
        assertNull(Report.scalingPoints(List.of("batch1", "batch32", "batch128")), "too few points");
        assertNull(Report.scalingPoints(List.of("qd1", "qd2", "batch4", "qd8")), "mixed words");
        assertNull(Report.scalingPoints(List.of("tmpfs", "qd2", "qd4", "qd8")), "not a number");
        assertEquals("connections", Report.xAxisName("c64"));
        assertEquals("queue depth", Report.xAxisName("qd1"));
    }

    @Test
    void chartsAreWrittenForBarAndScalingFamilies() throws IOException {
        Path csv = dir.resolve("c.csv");
        StringBuilder rows = new StringBuilder();
        for (int run = 1; run <= 3; run++) {
            for (int c : new int[] {64, 256, 1024, 4096}) {
                rows.append("http-c").append(c).append(",uring4j,requests_per_sec,").append(1000 + c + run).append(",req/s,")
                        .append(run).append('\n');
                rows.append("http-c").append(c).append(",netty-io_uring,requests_per_sec,").append(900 + run)
                        .append(",req/s,").append(run).append('\n');
            }
            rows.append("nop-batch1,uring4j,time,").append(180 + run).append(",ns/op,").append(run).append('\n');
        }
        Files.writeString(csv, rows);
        List<Path> charts = Report.charts(new Comparison(Row.read(csv)), dir);
        assertEquals(List.of(dir.resolve("http.png"), dir.resolve("nop.png")), charts);
        for (Path png : charts) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image.getWidth() >= 640 && image.getHeight() == ChartStyle.HEIGHT, png + " " + image.getWidth());
        }
    }
}
