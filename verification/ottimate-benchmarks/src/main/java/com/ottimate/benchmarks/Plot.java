/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Throughput against concurrency, one line per contender, drawn with Java2D into a PNG. */
final class Plot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private Plot() {
    }

    static void throughput(final Map<String, List<Run>> byContender, final List<Integer> threads, final Path file) throws IOException {
        final int width = 820;
        final int height = 440;
        final int left = 80;
        final int right = 250;
        final int top = 50;
        final int bottom = 60;
        final double max = byContender.values().stream().flatMap(List::stream).mapToDouble(Run::perSecond).max().orElse(1) * 1.15;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Invoice creates per second vs concurrent tasks (10,000 invoices, emulator on loopback)", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        final int plotWidth = width - left - right;
        final int plotHeight = height - top - bottom;
        g.drawLine(left, top, left, top + plotHeight);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        for (int i = 0; i <= 5; i++) {
            final int y = top + plotHeight - plotHeight * i / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f", max * i / 5), left - 45, y + 4);
        }
        for (int i = 0; i < threads.size(); i++) {
            final int x = left + plotWidth * i / Math.max(1, threads.size() - 1);
            g.drawString(Integer.toString(threads.get(i)), x - 4, top + plotHeight + 18);
        }
        g.drawString("concurrent tasks", left + plotWidth / 2 - 45, height - 15);
        int series = 0;
        for (final Map.Entry<String, List<Run>> entry : byContender.entrySet()) {
            final Color color = COLORS[series % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < entry.getValue().size(); i++) {
                final int x = left + plotWidth * i / Math.max(1, threads.size() - 1);
                final int y = top + plotHeight - (int) (plotHeight * entry.getValue().get(i).perSecond() / max);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.fillRect(left + plotWidth + 20, top + 20 + series * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), left + plotWidth + 40, top + 32 + series * 22);
            series++;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
