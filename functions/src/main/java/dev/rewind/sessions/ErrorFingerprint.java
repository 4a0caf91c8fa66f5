package dev.rewind.sessions;

import dev.rewind.frustration.BoundedText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What groups JavaScript errors across sessions (docs/INSIGHTS.md, "Error groups"; the insights count the groups): the normalised message
 * (uuids, hex ids, quoted strings and numbers become placeholders) and the top {@link #TOP_FRAMES} frames of
 * the stack when there is one, each its function name (kept even when minified) and its file URL without
 * query string or fragment, the line and column dropped; without a stack, the source file. The group id is
 * the first 8 bytes of the SHA-256 of that, 16 hex digits. A pure function of the error event's payload.
 *
 * @param groupId    16 hex digits
 * @param message    the message as the page said it, URLs without query strings, at most {@link #MAX_MESSAGE_CHARS}
 * @param stack      the stack's first {@link #MAX_STACK_LINES} lines, URLs without query strings, at most
 *                   {@link #MAX_STACK_CHARS}; null without a stack
 */
public record ErrorFingerprint(String groupId, String message, String stack) {
    public static final int TOP_FRAMES = 3;
    public static final int MAX_MESSAGE_CHARS = 200;
    public static final int MAX_STACK_LINES = 6;
    public static final int MAX_STACK_CHARS = 600;

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`");
    private static final Pattern HEX = Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** A URL's query string or fragment inside free text: up to a space, a quote, a bracket or a line:column. */
    private static final Pattern QUERY = Pattern.compile("(\\w+://[^\\s?#'\"()<>]*)([?#][^\\s'\"()<>]*)");
    /** A stack frame's {@code :line:column} after a URL: not part of its query string. */
    private static final Pattern LINE_COLUMN = Pattern.compile("(?::\\d+){1,2}$");
    /** V8: {@code at fn (url:1:2)}, {@code at url:1:2}, {@code at async fn (url:1:2)}. */
    private static final Pattern V8_FRAME =
            Pattern.compile("^\\s*at\\s+(?:(.+?)\\s+\\()?(.+?)(?::\\d+)?(?::\\d+)?\\)?\\s*$");
    /** SpiderMonkey and JavaScriptCore: {@code fn@url:1:2}. */
    private static final Pattern AT_FRAME = Pattern.compile("^\\s*([^@\\s]*)@(.+?)(?::\\d+)?(?::\\d+)?\\s*$");

    public static ErrorFingerprint of(String message, String stack, String source) {
        String normalised = normaliseMessage(message);
        List<String> frames = topFrames(stack);
        StringBuilder key = new StringBuilder(normalised);
        if (!frames.isEmpty()) {
            frames.forEach(f -> key.append('\n').append(f));
        } else if (source != null && !source.isBlank()) {
            key.append("\n@").append(withoutQuery(source.strip()));
        }
        return new ErrorFingerprint(hash(key.toString()), sampleMessage(message), sampleStack(stack));
    }

    /** The message with every uuid, quoted string, hex id and number a placeholder, spaces collapsed. */
    public static String normaliseMessage(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String m = removeQueries(message.strip());
        m = UUID.matcher(m).replaceAll("<uuid>");
        m = QUOTED.matcher(m).replaceAll("<str>");
        m = HEX.matcher(m).replaceAll("<hex>");
        m = NUMBER.matcher(m).replaceAll("<n>");
        return SPACES.matcher(m).replaceAll(" ");
    }

    /** The top frames as {@code function@file}: the file without query, fragment, line or column. */
    public static List<String> topFrames(String stack) {
        List<String> frames = new ArrayList<>();
        if (stack == null) {
            return frames;
        }
        for (String line : stack.split("\n")) {
            if (frames.size() == TOP_FRAMES) {
                break;
            }
            String function;
            String location;
            Matcher v8 = V8_FRAME.matcher(line);
            Matcher at = AT_FRAME.matcher(line);
            if (v8.matches()) {
                function = v8.group(1);
                location = v8.group(2);
            } else if (at.matches()) {
                function = at.group(1);
                location = at.group(2);
            } else {
                continue; // the message line, or anything else that is not a frame
            }
            function = function == null
                    ? ""
                    : function.replaceFirst("^async\\s+", "").strip();
            frames.add(function + "@" + withoutQuery(location.strip()));
        }
        return frames;
    }

    private static String sampleMessage(String message) {
        return message == null ? "" : BoundedText.clip(removeQueries(message.strip()), MAX_MESSAGE_CHARS);
    }

    private static String sampleStack(String stack) {
        if (stack == null || stack.isBlank()) {
            return null;
        }
        String[] lines = stack.strip().split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, MAX_STACK_LINES); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(removeQueries(lines[i].stripTrailing()));
        }
        // BoundedText turns the newlines into spaces: clip first, keep the lines
        String clipped = out.length() > MAX_STACK_CHARS ? out.substring(0, MAX_STACK_CHARS) : out.toString();
        if (!clipped.isEmpty() && Character.isHighSurrogate(clipped.charAt(clipped.length() - 1))) {
            clipped = clipped.substring(0, clipped.length() - 1);
        }
        return clipped;
    }

    private static String withoutQuery(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return url.substring(0, cut);
    }

    private static String removeQueries(String text) {
        Matcher m = QUERY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            Matcher lineColumn = LINE_COLUMN.matcher(m.group(2));
            String kept = m.group(1) + (lineColumn.find() ? lineColumn.group() : "");
            m.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
