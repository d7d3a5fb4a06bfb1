package org.octflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and one certificate it signed for 127.0.0.1 and localhost, made with the JDK's
 * own keytool in {@code directory} (nothing is committed; made again only when missing, so a broker restarted on its
 * directory keeps its identity). The same key serves as server and as client certificate (mutual TLS between a
 * broker and its controller, and for the super user's admin client).
 */
public final class LocalTls {
    private static final String KEYSTORE = "node.p12";
    private static final String TRUSTSTORE = "truststore.p12";
    private static final String PASSWORD = "store-password";
    private final Path directory;
    private final String password;

    private LocalTls(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /** The CA and a certificate with subject {@code CN=<commonName>}, made now unless {@code directory} has them. */
    public static LocalTls create(Path directory, String commonName) {
        try {
            if (Files.isRegularFile(directory.resolve(TRUSTSTORE))) {
                return new LocalTls(directory, Files.readString(directory.resolve(PASSWORD)).trim());
            }
            Files.createDirectories(directory);
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path passwordFile = directory.resolve(PASSWORD);
            Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            LocalTls tls = new LocalTls(directory, password);
            tls.generate(commonName);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the local TLS certificates in " + directory, e);
        }
    }

    /** The PKCS12 key store with the private key and its chain. */
    public Path keystore() {
        return directory.resolve(KEYSTORE);
    }

    /** The PKCS12 trust store holding only the CA's certificate. */
    public Path truststore() {
        return directory.resolve(TRUSTSTORE);
    }

    /** The CA's certificate, PEM: the root certificate a client trusts (PostgreSQL's {@code sslrootcert}). */
    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /** The node's signed certificate, PEM, for servers that read PEM files (PostgreSQL's {@code ssl_cert_file}). */
    public Path certificate() {
        return directory.resolve("node.pem");
    }

    /**
     * The node's private key as unencrypted PKCS#8 PEM in an owner-only file (PostgreSQL's {@code ssl_key_file}
     * refuses a key others can read), written from the key store the first time it is asked for.
     */
    public Path privateKey() {
        Path file = directory.resolve("node.key");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try (var in = Files.newInputStream(keystore())) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            java.security.Key key = store.getKey("node", password.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the private key to " + file, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not read the key from " + keystore() + ": " + e.getMessage(), e);
        }
    }

    /** The stores' password (a secret: never log it). */
    public String password() {
        return password;
    }

    /** Client settings that trust this CA. */
    public Map<String, String> trustSettings() {
        return Map.of("ssl.truststore.location", truststore().toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", password);
    }

    /** Client (or server) settings that also present the certificate. */
    public Map<String, String> keySettings() {
        return Map.of("ssl.keystore.location", keystore().toString(), "ssl.keystore.type", "PKCS12",
                "ssl.keystore.password", password, "ssl.key.password", password);
    }

    private void generate(String commonName) {
        Path ca = directory.resolve("ca.p12");
        Path caPem = directory.resolve("ca.pem");
        Path request = directory.resolve("node.csr");
        Path signed = directory.resolve("node.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=octflow-local-ca", "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", caPem.toString(), "-keystore", ca.toString());
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + commonName, "-keystore", keystore().toString(), "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "node", "-file", request.toString(), "-keystore", keystore().toString());
        keytool("-gencert", "-alias", "ca", "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
                "-validity", "30", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "EKU=serverAuth,clientAuth",
                "-keystore", ca.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore().toString());
        keytool("-importcert", "-alias", "node", "-file", signed.toString(), "-keystore", keystore().toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                truststore().toString(), "-storetype", "PKCS12");
    }

    private void keytool(String... args) {
        Path java = Path.of(JavaProcess.javaBinary());
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", password, "-keypass", password));
        Path log = directory.resolve("keytool.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run keytool next to " + java, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making certificates", e);
        }
    }
}
