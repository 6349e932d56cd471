/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.nifi.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The NiFi flow benchmark as a picture: invoices/s of each contender on one and two nodes, each bar labelled with the
 * requests it took per invoice and the 429s it drew, against the API's rate limit.
 */
final class FlowPlot {
    private static final String[] CONTENDERS = {NiFiFlowBenchmark.ONE_PER_INVOICE, NiFiFlowBenchmark.IMPORT, "InvokeHTTP"};
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728)};
    private static final double API_RATE = 1000;

    private FlowPlot() {
    }

    static void draw(final List<NiFiFlowBenchmark.Result> results, final Path file) throws IOException {
        final int width = 1000;
        final int height = 440;
        final int left = 80;
        final int top = 60;
        final int bottom = 60;
        final int plotWidth = 560;
        final int plotHeight = height - top - bottom;
        // a round top (a multiple of 500) so the axis reads in whole steps
        final double max = Math.ceil(Math.max(API_RATE, results.stream().mapToDouble(NiFiFlowBenchmark.Result::perSecond).max().orElse(1)) * 1.25 / 500) * 500;
        final BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Invoices/s through NiFi 2.3.0 flows against the API's limits (median round)", 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, top, left, top + plotHeight);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        for (int i = 0; i <= 5; i++) {
            final int y = top + plotHeight - plotHeight * i / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f", max * i / 5), left - 45, y + 4);
        }
        final int groupWidth = plotWidth / 2;
        final int barWidth = 72;
        for (int group = 0; group < 2; group++) {
            final int nodes = group + 1;
            final int groupLeft = left + group * groupWidth + (groupWidth - 3 * barWidth - 16) / 2;
            g.setColor(Color.BLACK);
            g.drawString(nodes == 1 ? "one node" : "two nodes", groupLeft + barWidth - 20, top + plotHeight + 20);
            for (int c = 0; c < CONTENDERS.length; c++) {
                final String contender = CONTENDERS[c];
                final NiFiFlowBenchmark.Result result = results.stream().filter(r -> r.nodes() == nodes && r.contender().equals(contender))
                        .findFirst().orElse(null);
                if (result == null) {
                    continue;
                }
                final int x = groupLeft + c * (barWidth + 8);
                final int barHeight = (int) (plotHeight * result.perSecond() / max);
                g.setColor(COLORS[c]);
                g.fillRect(x, top + plotHeight - barHeight, barWidth, barHeight);
                g.setColor(Color.BLACK);
                g.drawString(String.format("%.0f/s", result.perSecond()), x + 4, top + plotHeight - barHeight - 34);
                g.drawString(String.format("%.2f req/inv", result.requestsPerInvoice()), x + 4, top + plotHeight - barHeight - 20);
                g.drawString(String.format("%,d 429s", result.throttled()), x + 4, top + plotHeight - barHeight - 6);
            }
        }
        final int limitY = top + plotHeight - (int) (plotHeight * API_RATE / max);
        g.setColor(new Color(0x555555));
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(left, limitY, left + plotWidth, limitY);
        g.drawString("API rate limit", left + plotWidth + 8, limitY + 4);
        for (int c = 0; c < CONTENDERS.length; c++) {
            g.setColor(COLORS[c]);
            g.fillRect(left + plotWidth + 20, top + 20 + c * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(CONTENDERS[c], left + plotWidth + 40, top + 32 + c * 22);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
