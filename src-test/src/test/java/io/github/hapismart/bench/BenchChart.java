package io.github.hapismart.bench;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The benchmark's figures as one SVG picture, built as plain text: above, one bar group per read scenario (server CPU
 * per request, SMART against the unprotected baseline); below, one line per token-endpoint series (a grant on a
 * database) across the sizes of the refresh-token store. Guarantees well-formed XML with every label escaped, one
 * {@code <g class="scenario">} per bar group and one {@code <polyline class="series">} per line.
 */
final class BenchChart {

    /** One read scenario: server CPU per request with the plugin (SMART) and without it (baseline), in µs. */
    record Bar(String scenario, double smartMicros, double baselineMicros) {
    }

    /** One measurement of a token series: the number of stored refresh tokens, and the value there. */
    record Point(long storedRefreshTokens, double value) {
    }

    /** One token-endpoint series, e.g. {@code client_credentials, H2}. */
    record Line(String name, List<Point> points) {
    }

    private static final int WIDTH = 960;
    private static final int LABEL_WIDTH = 430;
    private static final int ROW_HEIGHT = 40;
    private static final int LINE_PANEL_HEIGHT = 300;
    private static final String SMART_COLOUR = "#c0392b";
    private static final String BASELINE_COLOUR = "#7f8c8d";
    private static final List<String> LINE_COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
            "#e377c2");

    private BenchChart() {
    }

    /**
     * The SVG document. {@code lineUnit} names what the lines plot (e.g. {@code server CPU per request, µs}); either
     * list may be empty, and its panel is then left out.
     */
    static String svg(String title, List<Bar> bars, List<Line> lines, String lineUnit) {
        int barsHeight = bars.isEmpty() ? 0 : 60 + bars.size() * ROW_HEIGHT + 30;
        int linesHeight = lines.isEmpty() ? 0 : LINE_PANEL_HEIGHT + 40 + 20 * lines.size();
        int height = 40 + barsHeight + linesHeight;
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                .formatted(WIDTH, height, WIDTH, height))
                .append("font-family=\"sans-serif\" font-size=\"12\">\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(text(10, 24, escape(title), "font-size=\"16\" font-weight=\"bold\""));
        if (!bars.isEmpty()) {
            bars(out, bars, 40);
        }
        if (!lines.isEmpty()) {
            lines(out, lines, 40 + barsHeight, lineUnit);
        }
        out.append("</svg>\n");
        return out.toString();
    }

    private static void bars(StringBuilder out, List<Bar> bars, int top) {
        double max = bars.stream().mapToDouble(b -> Math.max(b.smartMicros(), b.baselineMicros())).max().orElse(1);
        double scale = (WIDTH - LABEL_WIDTH - 90) / Math.max(max, 1);
        out.append(text(10, top + 16, "Server CPU per request (µs, lower is better): SMART (plugin on) vs baseline "
                + "(no plugin)", "font-weight=\"bold\""));
        legend(out, LABEL_WIDTH, top + 34, List.of("SMART", "baseline"), List.of(SMART_COLOUR, BASELINE_COLOUR));
        int y = top + 50;
        for (Bar bar : bars) {
            out.append("<g class=\"scenario\">\n");
            out.append(text(10, y + 20, escape(shorten(bar.scenario(), 68)), ""));
            out.append(bar(y + 3, bar.smartMicros(), scale, SMART_COLOUR));
            out.append(bar(y + 19, bar.baselineMicros(), scale, BASELINE_COLOUR));
            out.append("</g>\n");
            y += ROW_HEIGHT;
        }
    }

    private static String bar(int y, double micros, double scale, String colour) {
        double width = Math.max(1, micros * scale);
        return "<rect x=\"%d\" y=\"%d\" width=\"%s\" height=\"14\" fill=\"%s\"/>\n"
                .formatted(LABEL_WIDTH, y, number(width), colour)
                + text((int) (LABEL_WIDTH + width + 6), y + 12, String.format(Locale.ENGLISH, "%,.0f µs", micros), "");
    }

    private static void lines(StringBuilder out, List<Line> lines, int top, String unit) {
        TreeSet<Long> sizes = new TreeSet<>();
        lines.forEach(line -> line.points().forEach(p -> sizes.add(p.storedRefreshTokens())));
        List<Long> xs = List.copyOf(sizes);
        double max = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(Point::value).max().orElse(1);
        double yMax = niceCeiling(max);
        int left = 90;
        int right = WIDTH - 40;
        int plotTop = top + 40;
        int plotBottom = top + LINE_PANEL_HEIGHT;
        out.append(text(10, top + 16, "Token endpoint: " + escape(unit) + " by stored refresh tokens",
                "font-weight=\"bold\""));
        out.append("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
                .formatted(left, plotBottom, right, plotBottom));
        out.append("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
                .formatted(left, plotTop, left, plotBottom));
        for (int tick = 0; tick <= 4; tick++) {
            double value = yMax * tick / 4;
            double y = plotBottom - (plotBottom - plotTop) * tick / 4.0;
            out.append("<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#dddddd\"/>\n"
                    .formatted(left, number(y), right, number(y)));
            out.append(text(10, (int) y + 4, String.format(Locale.ENGLISH, "%,.0f", value), ""));
        }
        for (int i = 0; i < xs.size(); i++) {
            out.append(text((int) x(i, xs.size(), left, right) - 30, plotBottom + 18,
                    String.format(Locale.ENGLISH, "%,d", xs.get(i)), ""));
        }
        int legendY = plotBottom + 40;
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String colour = LINE_COLOURS.get(i % LINE_COLOURS.size());
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (Point p : line.points()) {
                double x = x(xs.indexOf(p.storedRefreshTokens()), xs.size(), left, right);
                double y = plotBottom - (plotBottom - plotTop) * p.value() / yMax;
                points.append(number(x)).append(',').append(number(y)).append(' ');
                dots.append("<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>\n".formatted(number(x), number(y),
                        colour));
            }
            out.append("<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n"
                    .formatted(colour, points.toString().trim()));
            out.append(dots);
            out.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n"
                    .formatted(left, legendY - 10, colour));
            out.append(text(left + 18, legendY, escape(line.name()), ""));
            legendY += 20;
        }
    }

    private static double x(int index, int count, int left, int right) {
        return count == 1 ? (left + right) / 2.0 : left + 40 + (right - left - 80) * index / (double) (count - 1);
    }

    private static void legend(StringBuilder out, int x, int y, List<String> names, List<String> colours) {
        for (int i = 0; i < names.size(); i++) {
            out.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n".formatted(x, y - 10,
                    colours.get(i)));
            out.append(text(x + 18, y, escape(names.get(i)), ""));
            x += 110;
        }
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String text(int x, int y, String escaped, String attributes) {
        return "<text x=\"%d\" y=\"%d\"%s>%s</text>\n".formatted(x, y, attributes.isEmpty() ? "" : " " + attributes,
                escaped);
    }

    private static String shorten(String label, int max) {
        return label.length() <= max ? label : label.substring(0, max - 1) + "…";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
