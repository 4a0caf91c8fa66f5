package dev.rewind.security;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Checks a presigned S3 GET the way S3 does (SigV4 query authentication): the signature must be the one
 * the credentials give for exactly this method, path, query and host, and the URL must not have expired.
 * moto serves presigned URLs without checking their signature or expiry, so against the emulator this is
 * what tells a tampered or expired chunk URL from a good one; against AWS, S3 itself refuses them too.
 */
final class PresignedUrls {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private PresignedUrls() {}

    enum Verdict {
        VALID,
        BAD_SIGNATURE,
        EXPIRED
    }

    static Map<String, String> query(URI url) {
        Map<String, String> query = new TreeMap<>();
        for (String part : url.getRawQuery().split("&")) {
            int eq = part.indexOf('=');
            query.put(
                    URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    static Verdict check(String url, AwsCredentials credentials, Instant now) throws Exception {
        return check("GET", url, Map.of(), credentials, now);
    }

    /**
     * A request as a client would send it: {@code method} to {@code url} with {@code headers} (lower-case
     * names; {@code host} is taken from the URL). Every header the URL signed must be there with the value
     * it was signed with, or the signature does not match.
     */
    static Verdict check(
            String method, String url, Map<String, String> headers, AwsCredentials credentials, Instant now)
            throws Exception {
        URI uri = URI.create(url);
        Map<String, String> query = query(uri);
        String signature = query.remove("X-Amz-Signature");
        String amzDate = query.get("X-Amz-Date");
        String[] scope = query.get("X-Amz-Credential").split("/", 2);
        String canonicalQuery = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        Map<String, String> sent = new TreeMap<>(headers);
        sent.put("host", host);
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            canonicalHeaders
                    .append(name)
                    .append(':')
                    .append(sent.getOrDefault(name, "").trim())
                    .append('\n');
        }
        String canonicalRequest = method + "\n" + uri.getRawPath() + "\n" + canonicalQuery + "\n" + canonicalHeaders
                + "\n" + signedHeaders + "\nUNSIGNED-PAYLOAD";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "\n" + hex(sha256(canonicalRequest));
        String[] scopeParts = scope[1].split("/");
        byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), scopeParts[0]);
        for (int i = 1; i < scopeParts.length; i++) {
            key = hmac(key, scopeParts[i]);
        }
        String expected = hex(hmac(key, stringToSign));
        if (!scope[0].equals(credentials.accessKeyId())
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.BAD_SIGNATURE;
        }
        Instant signedAt = AMZ_DATE.parse(amzDate, Instant::from);
        if (now.isAfter(signedAt.plusSeconds(Long.parseLong(query.get("X-Amz-Expires"))))) {
            return Verdict.EXPIRED;
        }
        return Verdict.VALID;
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
