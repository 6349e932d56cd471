/*
 * Copyright 2026 the Ottimate NiFi bundle authors
 * SPDX-License-Identifier: Apache-2.0
 */
package com.ottimate.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throwaway self-signed certificate for 127.0.0.1, made with the JDK's keytool, so TLS tests need no
 * checked-in key material: {@link #serverContext()} for the emulator, {@link #trustingContext()} for a client.
 */
public final class SelfSignedTls {
    private static final char[] PASSWORD = "emulator".toCharArray();
    private final KeyStore keyStore;

    private SelfSignedTls(final KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    public static SelfSignedTls create() throws IOException, GeneralSecurityException, InterruptedException {
        final Path dir = Files.createTempDirectory("ottimate-tls");
        final Path file = dir.resolve("emulator.p12");
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        final Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "emulator", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost,dns:" + OttimateEmulator.API_HOST + ",dns:" + OttimateEmulator.AUTH_HOST, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(dir);
        return new SelfSignedTls(store);
    }

    public SSLContext serverContext() throws GeneralSecurityException {
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    public SSLContext trustingContext() throws GeneralSecurityException {
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager()}, null);
        return context;
    }

    /** What {@link #trustingContext()} trusts: the emulator's certificate alone (what an SSL Context Service hands out beside its context). */
    public X509TrustManager trustManager() throws GeneralSecurityException {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (final IOException e) {
            throw new GeneralSecurityException(e);
        }
        trust.setCertificateEntry("emulator", keyStore.getCertificate("emulator"));
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        for (final TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
