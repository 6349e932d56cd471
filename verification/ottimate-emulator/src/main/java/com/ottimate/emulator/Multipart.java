/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multipart/form-data body read as a stream: text fields are kept, the {@code file} part is only counted
 * and hashed, so a 25 MB upload costs the emulator no heap.
 */
public record Multipart(Map<String, String> fields, FilePart file) {
    private static final int MAX_FIELD = 1 << 20;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** What arrived in the file part. */
    public record FilePart(String name, String filename, String contentType, long size, String sha256) {
    }

    public Optional<FilePart> filePart() {
        return Optional.ofNullable(file);
    }

    static Optional<String> boundary(final String contentType) {
        if (!contentType.startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        final Matcher matcher = BOUNDARY.matcher(contentType);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static Multipart read(final InputStream raw, final String boundary) throws IOException {
        final InputStream in = new BufferedInputStream(raw, 64 * 1024);
        final byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // the body starts with "--boundary" (no leading CRLF): skip through the first delimiter
        skipPast(in, ("--" + boundary).getBytes(StandardCharsets.US_ASCII));
        final Map<String, String> fields = new LinkedHashMap<>();
        FilePart file = null;
        while (true) {
            final String afterDelimiter = readLine(in);
            if (afterDelimiter.startsWith("--")) {
                break; // closing delimiter
            }
            final Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                final int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            final String disposition = headers.getOrDefault("content-disposition", "");
            final Matcher name = NAME.matcher(disposition);
            final String partName = name.find() ? name.group(1) : "";
            final Matcher filename = FILENAME.matcher(disposition);
            if (filename.find()) {
                final MessageDigest digest = sha256();
                final long size = copyUntil(in, delimiter, null, digest);
                file = new FilePart(partName, filename.group(1), headers.getOrDefault("content-type", "application/octet-stream"), size,
                        HexFormat.of().formatHex(digest.digest()));
            } else {
                final ByteArrayOutputStream value = new ByteArrayOutputStream();
                copyUntil(in, delimiter, value, null);
                fields.put(partName, value.toString(StandardCharsets.UTF_8));
            }
        }
        return new Multipart(fields, file);
    }

    /** Copies bytes until {@code delimiter} (consumed, not copied); answers the bytes copied. */
    private static long copyUntil(final InputStream in, final byte[] delimiter, final ByteArrayOutputStream sink, final MessageDigest digest) throws IOException {
        final byte[] window = new byte[delimiter.length];
        int filled = 0;
        long count = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (filled == window.length) {
                final byte out = window[0];
                System.arraycopy(window, 1, window, 0, window.length - 1);
                window[window.length - 1] = (byte) b;
                emit(out, sink, digest);
                count++;
                if (sink != null && sink.size() > MAX_FIELD) {
                    throw new IOException("multipart field larger than " + MAX_FIELD + " bytes");
                }
            } else {
                window[filled++] = (byte) b;
            }
            if (filled == window.length && Arrays.equals(window, delimiter)) {
                return count;
            }
        }
        throw new IOException("multipart body ended before its closing boundary");
    }

    private static void emit(final byte b, final ByteArrayOutputStream sink, final MessageDigest digest) {
        if (sink != null) {
            sink.write(b);
        }
        if (digest != null) {
            digest.update(b);
        }
    }

    private static void skipPast(final InputStream in, final byte[] marker) throws IOException {
        copyUntil(in, marker, null, null);
    }

    private static String readLine(final InputStream in) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                throw new IOException("multipart header line too long");
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
