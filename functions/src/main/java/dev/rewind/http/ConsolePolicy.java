package dev.rewind.http;

/**
 * The console's Content-Security-Policy, one definition for CloudFront (infra-cdk ConsoleSite) and the
 * local runner: no inline or foreign scripts anywhere (replays run in a sandboxed iframe and never
 * execute recorded scripts); recorded pages may show images, fonts, media and inline styles; chunks are
 * fetched from S3 (or the emulator) with pre-signed URLs, and so are the stored copies of a replay's
 * stylesheets (docs/ASSETS.md), so style-src names the same origin; in AWS the console signs users in at
 * Cognito's own endpoint, which connect-src names too.
 */
public final class ConsolePolicy {
    private ConsolePolicy() {}

    /**
     * Where the console fetches chunks on AWS, as CSP host sources. The SDK pre-signs virtual-hosted URLs:
     * {@code https://<bucket>.s3.<region>.amazonaws.com}, and in us-east-1 the global
     * {@code https://<bucket>.s3.amazonaws.com}. Both are listed whatever the region: the template is
     * synthesized without knowing it.
     *
     * @param region    the region, or CloudFormation's {@code AWS::Region} token
     * @param urlSuffix {@code amazonaws.com}, or CloudFormation's {@code AWS::URLSuffix} token
     */
    public static String s3ChunkSources(String region, String urlSuffix) {
        return "https://*.s3." + region + "." + urlSuffix + " https://*.s3." + urlSuffix;
    }

    /**
     * Where the console calls the user pool's API on AWS, Cognito's regional endpoint, as a CSP host source
     * (docs/CONSOLE.md, "Signing in"). The local runner passes it on same-origin instead.
     */
    public static String userPoolSource(String region, String urlSuffix) {
        return "https://cognito-idp." + region + "." + urlSuffix;
    }

    /**
     * @param chunkOrigin    where chunks and stored stylesheets are fetched from
     * @param userPoolOrigin where the console signs users in, or empty where that is the console's own origin
     */
    public static String contentSecurityPolicy(String chunkOrigin, String userPoolOrigin) {
        String connect = userPoolOrigin.isEmpty() ? chunkOrigin : chunkOrigin + " " + userPoolOrigin;
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' " + chunkOrigin
                + "; img-src * data: blob:; "
                + "font-src * data:; media-src * data: blob:; connect-src 'self' " + connect
                + "; frame-src 'self'; "
                + "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
    }
}
