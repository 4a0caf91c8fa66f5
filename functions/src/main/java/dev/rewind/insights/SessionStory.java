package dev.rewind.insights;

import dev.rewind.frustration.BoundedText;
import dev.rewind.frustration.Frustration;
import dev.rewind.frustration.FrustrationType;
import dev.rewind.sessions.SessionLimits;
import dev.rewind.sessions.SessionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A session told in one to three plain sentences, without a model (docs/FRUSTRATION.md, "Session story"):
 * the pages visited, named as the insights name them ({@link PageUrls#normalise}, shown by their path), the
 * key frustrations with their element or error message and their time from the start, and the page the
 * visitor left on. For example: "Visited /checkout → /cart/:id (2 pages). Rage click on “Place order” at
 * 1.0 s; error “TypeError: cart is undefined” at 5.1 s. Left on /cart/:id."
 *
 * <p>A pure function of the stored {@link SessionState}: the API derives it on every read, so it costs no
 * write and reads the same every time. It reads only URLs, the frustrations' element names (the recorder's
 * short, masked text of the clicked element) and error messages, never an input event: no typed value can
 * be in it. Bounded by {@link SessionLimits#STORY_MAX_CHARS}.
 *
 * @param text      the story
 * @param pages     the distinct normalised pages in visiting order, at most {@link SessionLimits#STORY_MAX_PAGES}
 * @param morePages the distinct pages not in {@code pages}
 * @param exitPage  the normalised page viewed last, null for a session without a URL
 */
public record SessionStory(String text, List<String> pages, int morePages, String exitPage) {

    private static final String ELLIPSIS = "…";

    /** The types in the order a story names them when it cannot name them all: the most telling first. */
    private static final List<FrustrationType> PRIORITY = List.of(
            FrustrationType.ERROR_CLICK,
            FrustrationType.RAGE_CLICK,
            FrustrationType.ERROR,
            FrustrationType.DEAD_CLICK,
            FrustrationType.FORM_ABANDONMENT,
            FrustrationType.QUICK_BACK,
            FrustrationType.EXCESSIVE_SCROLL);

    public static SessionStory of(SessionState state) {
        List<String> distinct = new ArrayList<>();
        for (String url : state.urls()) {
            String page = PageUrls.normalise(url);
            if (page != null && !distinct.contains(page)) {
                distinct.add(page);
            }
        }
        String exitPage = PageUrls.normalise(state.exitUrl());
        if (exitPage == null && !distinct.isEmpty()) {
            exitPage = distinct.get(distinct.size() - 1);
        }
        List<String> pages = List.copyOf(distinct.subList(0, Math.min(distinct.size(), SessionLimits.STORY_MAX_PAGES)));
        int morePages = distinct.size() - pages.size();
        String origin = origin(distinct.isEmpty() ? null : distinct.get(0));

        List<String> sentences = new ArrayList<>();
        sentences.add(pagesSentence(pages, morePages, origin));
        String frustrations = frustrationsSentence(state);
        if (frustrations != null) {
            sentences.add(frustrations);
        }
        if (distinct.size() > 1) {
            sentences.add("Left on " + shown(exitPage, origin) + ".");
        }
        return new SessionStory(String.join(" ", sentences), pages, morePages, exitPage);
    }

    private static String pagesSentence(List<String> pages, int morePages, String origin) {
        if (pages.isEmpty()) {
            return "No page recorded.";
        }
        if (pages.size() == 1) {
            return "Stayed on " + shown(pages.get(0), origin) + ".";
        }
        StringBuilder sentence = new StringBuilder("Visited ");
        for (int i = 0; i < pages.size(); i++) {
            sentence.append(i == 0 ? "" : " → ").append(shown(pages.get(i), origin));
        }
        if (morePages > 0) {
            sentence.append(" +").append(morePages).append(" more");
        }
        return sentence.append(" (")
                .append(pages.size() + morePages)
                .append(" pages).")
                .toString();
    }

    /** The key frustrations in time order, null when the session has none. */
    private static String frustrationsSentence(SessionState state) {
        List<Frustration> all = state.frustrations();
        List<Frustration> named = new ArrayList<>();
        // one of each type first, the most telling type first; then the earliest of the rest
        for (FrustrationType type : PRIORITY) {
            all.stream()
                    .filter(f -> f.type() == type)
                    .findFirst()
                    .filter(f -> named.size() < SessionLimits.STORY_MAX_FRUSTRATIONS)
                    .ifPresent(named::add);
        }
        for (Frustration f : all) {
            if (named.size() < SessionLimits.STORY_MAX_FRUSTRATIONS && !named.contains(f)) {
                named.add(f);
            }
        }
        if (named.isEmpty()) {
            return null;
        }
        named.sort(Comparator.comparingLong(Frustration::timestamp));
        StringBuilder sentence = new StringBuilder();
        for (Frustration f : named) {
            String clause = clause(f);
            if (sentence.isEmpty()) {
                sentence.append(Character.toUpperCase(clause.charAt(0))).append(clause, 1, clause.length());
            } else {
                sentence.append("; ").append(clause);
            }
        }
        // the exact counts: the kept list stops at 50 a type
        long total = 0;
        for (FrustrationType type : FrustrationType.values()) {
            total += state.frustrationCount(type);
        }
        if (total > named.size()) {
            sentence.append(" (+").append(total - named.size()).append(" more)");
        }
        return sentence.append('.').toString();
    }

    private static String clause(Frustration f) {
        String at = " at " + time(f.offsetMs());
        if (f.type() == FrustrationType.ERROR) {
            String message = cut(f.target().text(), SessionLimits.STORY_MAX_NAME_CHARS);
            return message == null || message.isBlank() ? "error" + at : "error “" + message.strip() + "”" + at;
        }
        if (f.type() == FrustrationType.QUICK_BACK) {
            // its text is the page bounced off
            String page = PageUrls.normalise(f.target().text());
            return page == null
                    ? "quick back" + at
                    : "quick back from " + cut(pathOf(page), SessionLimits.STORY_MAX_PAGE_CHARS) + at;
        }
        if (f.type() == FrustrationType.EXCESSIVE_SCROLL) {
            return "excessive scrolling" + at;
        }
        String what = switch (f.type()) {
            case RAGE_CLICK -> "rage click";
            case DEAD_CLICK -> "dead click";
            case FORM_ABANDONMENT -> "form abandoned";
            default -> "error click";
        };
        String text = f.target().text();
        if (text != null && !text.isBlank()) {
            return what + " on “" + cut(text.strip(), SessionLimits.STORY_MAX_NAME_CHARS) + "”" + at;
        }
        String selector = f.target().selector();
        if (selector != null && !selector.isBlank()) {
            return what + " on " + cut(selector.strip(), SessionLimits.STORY_MAX_NAME_CHARS) + at;
        }
        return what + at;
    }

    /** 0.4 s, 12.0 s (tenths, cut down); past a minute 3 min 20 s; past an hour 1 h 5 min. */
    static String time(long offsetMs) {
        long ms = Math.max(0, offsetMs);
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%d.%d s", ms / 1000, ms % 1000 / 100);
        }
        long seconds = ms / 1000;
        if (seconds < 3600) {
            return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** A page as the story shows it: its path, with its host when it is not on the first page's origin. */
    private static String shown(String page, String origin) {
        String pageOrigin = origin(page);
        String shown = pageOrigin == null
                ? page
                : pageOrigin.equals(origin)
                        ? page.substring(pageOrigin.length())
                        : page.substring(page.indexOf("://") + 3);
        return cut(shown, SessionLimits.STORY_MAX_PAGE_CHARS);
    }

    /** scheme://host[:port] of a normalised page, null when it has none. */
    private static String origin(String page) {
        if (page == null) {
            return null;
        }
        int schemeEnd = page.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        int pathStart = page.indexOf('/', schemeEnd + 3);
        return pathStart < 0 ? page : page.substring(0, pathStart);
    }

    /** The text cut to {@code maxChars} with "…" in place of the rest (control characters become spaces). */
    /** The page's path, as the story names pages of the session's own site. */
    private static String pathOf(String page) {
        int scheme = page.indexOf("://");
        int slash = scheme < 0 ? page.indexOf('/') : page.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : page.substring(slash);
    }

    private static String cut(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String clipped = BoundedText.clip(text, maxChars);
        return clipped.length() < text.length() ? BoundedText.clip(text, maxChars - 1) + ELLIPSIS : clipped;
    }
}
