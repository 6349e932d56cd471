package com.ottimate.nifi.processors.records;

import java.util.BitSet;
import java.util.StringJoiner;

/**
 * Which records of a flowfile already have their outcome, by position (0-based), written as ranges in the attribute
 * {@value #ATTRIBUTE} ({@code 0-99,150,200-201}). A flowfile whose records only partly went through goes to 'retry'
 * unchanged, content and all, so it comes back through the same Record Reader and its records keep their
 * content-derived Idempotency-Keys; this attribute tells the next pass which records to skip.
 */
public final class SettledRecords {
    public static final String ATTRIBUTE = "ottimate.records.settled";

    private final BitSet settled;

    private SettledRecords(final BitSet settled) {
        this.settled = settled;
    }

    public static SettledRecords none() {
        return new SettledRecords(new BitSet());
    }

    /** Parses the attribute; a value that is not ranges of positions settles nothing (every record is sent again, under the same keys). */
    public static SettledRecords parse(final String value) {
        final BitSet settled = new BitSet();
        if (value == null || value.isBlank()) {
            return new SettledRecords(settled);
        }
        try {
            for (final String range : value.split(",")) {
                final int dash = range.indexOf('-');
                final int from = Integer.parseInt((dash < 0 ? range : range.substring(0, dash)).strip());
                final int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1).strip());
                if (from < 0 || to < from) {
                    return new SettledRecords(new BitSet());
                }
                settled.set(from, to + 1);
            }
        } catch (final NumberFormatException e) {
            return new SettledRecords(new BitSet());
        }
        return new SettledRecords(settled);
    }

    public boolean contains(final int index) {
        return settled.get(index);
    }

    public void add(final int index) {
        settled.set(index);
    }

    public boolean isEmpty() {
        return settled.isEmpty();
    }

    public int count() {
        return settled.cardinality();
    }

    /** The attribute value: ranges of consecutive positions. */
    @Override
    public String toString() {
        final StringJoiner ranges = new StringJoiner(",");
        for (int from = settled.nextSetBit(0); from >= 0; from = settled.nextSetBit(from)) {
            final int to = settled.nextClearBit(from) - 1;
            ranges.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = to + 1;
        }
        return ranges.toString();
    }
}
