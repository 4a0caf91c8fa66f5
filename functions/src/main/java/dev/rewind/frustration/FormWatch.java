package dev.rewind.frustration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Form abandonment (docs/FRUSTRATION.md, "Form abandonment"): the fields and submit controls of the page's
 * forms, learnt from the snapshot (each with the {@code form} element around it), the forms whose fields
 * were changed and not submitted since, and the latest activity in a form. It never reads a field's value:
 * an Input event tells which field changed, nothing else of it is looked at, and a field is named by its
 * selector and its label-like attributes (aria-label, placeholder, name, title), never by its {@code value}.
 *
 * <p>Bounded: {@link EngineLimits#MAX_FORM_NODES} fields and submit controls (the earliest forgotten first),
 * {@link EngineLimits#MAX_TOUCHED_FORMS} forms waiting.
 */
final class FormWatch {

    /** A field or a submit control of a form; a field has a name for the frustration that names it. */
    record Member(int form, boolean submit, String selector, String text) {}

    /** A form with a changed field: the latest change and the field it changed. */
    record Touched(int form, long at, FrustrationTarget field) {}

    private static final Set<String> NOT_FIELD_INPUT_TYPES = Set.of("submit", "button", "image", "reset", "hidden");

    private LinkedHashMap<Integer, Member> members = newMembers();
    private final List<Touched> touched = new ArrayList<>();
    /** The form of the latest input or click on a form's field or submit control (0: a click elsewhere since). */
    private int recentForm;

    private long recentAt;

    private static LinkedHashMap<Integer, Member> newMembers() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Member> eldest) {
                return size() > EngineLimits.MAX_FORM_NODES;
            }
        };
    }

    /** A new full snapshot numbers the page afresh; forms already changed stay waiting. */
    void learnSnapshot(JsonNode root) {
        members.clear();
        learnTree(root, 0);
    }

    /**
     * The adds of one mutation: a form rendered later (a single-page app's view) is learnt with its fields; a
     * field added alone into a form already there is not (its form is not remembered).
     */
    void learnAdds(JsonNode adds) {
        for (JsonNode add : adds) {
            JsonNode node = add.path("node");
            if (node.path("type").asInt(-1) == Rrweb.ELEMENT_NODE && node.has("childNodes")) {
                learnTree(node, 0);
            }
        }
    }

    /** A new document: its node ids mean nothing of the page before. */
    void forgetPage() {
        members.clear();
    }

    void forget(int nodeId) {
        members.remove(nodeId);
    }

    /** An rrweb Input event on {@code nodeId}: a change of a form's field (its value is not read). */
    void onInput(long at, int nodeId) {
        Member member = members.get(nodeId);
        if (member == null || member.submit()) {
            return;
        }
        FrustrationTarget field = new FrustrationTarget(nodeId, member.selector(), member.text());
        recentForm = member.form();
        recentAt = at;
        for (int i = 0; i < touched.size(); i++) {
            if (touched.get(i).form() == member.form()) {
                touched.set(i, new Touched(member.form(), at, field));
                return;
            }
        }
        if (touched.size() < EngineLimits.MAX_TOUCHED_FORMS) {
            touched.add(new Touched(member.form(), at, field));
        }
    }

    /** A click on {@code nodeId}, which belongs to the interactive element {@code controlId} (the button around an icon). */
    void onClick(long at, int nodeId, int controlId) {
        Member member = members.get(nodeId);
        if (member == null) {
            member = members.get(controlId);
        }
        if (member == null) {
            recentForm = 0;
            return;
        }
        recentForm = member.form();
        recentAt = at;
        if (member.submit()) {
            submitted(member.form());
        }
    }

    /** The page view ends at {@code at} (a page load or route change): the forms changed and not submitted were abandoned. */
    void onPageEnd(long at, PageSignals.Sink sink) {
        submittedByLeaving(at);
        abandonAll(sink);
    }

    /** The recorder's pagehide: the page is left, perhaps by a form's submission to another site. */
    void onPagehide(long at) {
        submittedByLeaving(at);
    }

    /** The session is over: every form still changed and not submitted was abandoned. */
    void finish(PageSignals.Sink sink) {
        abandonAll(sink);
    }

    private void submittedByLeaving(long at) {
        if (recentForm != 0 && at >= recentAt && at - recentAt <= EngineLimits.FORM_SUBMIT_NAVIGATION_MS) {
            // Enter in a field, or a script's submit: the page changed right after the form was used
            submitted(recentForm);
        }
        recentForm = 0;
    }

    private void submitted(int form) {
        touched.removeIf(t -> t.form() == form);
    }

    private void abandonAll(PageSignals.Sink sink) {
        for (Touched t : touched) {
            sink.emit(FrustrationType.FORM_ABANDONMENT, t.at(), t.field());
        }
        touched.clear();
        recentForm = 0;
    }

    private record Pending(JsonNode node, int form) {}

    /** Walks a serialized subtree without recursion; forms that search (role=search, a search field) are left out. */
    private void learnTree(JsonNode root, int formOfRoot) {
        Set<Integer> searchForms = null;
        List<Integer> learnt = new ArrayList<>();
        Deque<Pending> pending = new ArrayDeque<>();
        pending.push(new Pending(root, formOfRoot));
        while (!pending.isEmpty()) {
            Pending next = pending.pop();
            JsonNode node = next.node();
            int form = next.form();
            String tagName = node.path("type").asInt(-1) == Rrweb.ELEMENT_NODE
                    ? node.path("tagName").asText("")
                    : null;
            // outside a form only a form matters: the lookups below are for what is inside one (most of
            // a snapshot is not, and in a session with complete click hints this is the engine's only walk)
            if (tagName != null && (form > 0 || tagName.equalsIgnoreCase("form"))) {
                String tag = tagName.toLowerCase(Locale.ROOT);
                int id = node.path("id").asInt(-1);
                JsonNode attributes = node.path("attributes");
                String type = attribute(attributes, "type");
                type = type == null ? "" : type.toLowerCase(Locale.ROOT);
                if (tag.equals("form") && id > 0) {
                    form = id;
                    if ("search".equalsIgnoreCase(attribute(attributes, "role"))) {
                        searchForms = add(searchForms, id);
                    }
                } else if (form > 0 && id > 0) {
                    boolean field = tag.equals("textarea")
                            || tag.equals("select")
                            || (tag.equals("input") && !NOT_FIELD_INPUT_TYPES.contains(type));
                    boolean submit = (tag.equals("button") && (type.isEmpty() || type.equals("submit")))
                            || (tag.equals("input") && (type.equals("submit") || type.equals("image")));
                    if (type.equals("search")) {
                        searchForms = add(searchForms, form);
                    }
                    if (field || submit) {
                        InteractiveNodes.Name name = field ? ElementNames.ofField(node) : null;
                        members.remove(id);
                        members.put(
                                id,
                                new Member(
                                        form,
                                        submit,
                                        name == null ? null : name.selector(),
                                        name == null ? null : name.text()));
                        learnt.add(id);
                    }
                }
            }
            JsonNode children = node.get("childNodes");
            if (children != null) {
                for (Iterator<JsonNode> it = children.elements(); it.hasNext(); ) {
                    pending.push(new Pending(it.next(), form));
                }
            }
        }
        if (searchForms != null) {
            for (Integer id : learnt) {
                Member member = members.get(id);
                if (member != null && searchForms.contains(member.form())) {
                    members.remove(id);
                }
            }
        }
    }

    private static Set<Integer> add(Set<Integer> set, int id) {
        Set<Integer> result = set == null ? new HashSet<>() : set;
        result.add(id);
        return result;
    }

    private static String attribute(JsonNode attributes, String name) {
        JsonNode value = attributes.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Saved only when there is something to carry: a page without forms adds nothing to the state. */
    void save(ObjectNode state) {
        if (members.isEmpty() && touched.isEmpty() && recentForm == 0) {
            return;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        // [id, form (negative: a submit control), selector?, text?]
        ArrayNode saved = node.putArray("members");
        members.forEach((id, m) -> {
            ArrayNode entry = saved.addArray().add(id).add(m.submit() ? -m.form() : m.form());
            if (m.selector() != null || m.text() != null) {
                entry.add(m.selector()).add(m.text());
            }
        });
        if (!touched.isEmpty()) {
            ArrayNode forms = node.putArray("touched");
            touched.forEach(t -> forms.addArray()
                    .add(t.form())
                    .add(t.at())
                    .add(t.field().nodeId())
                    .add(t.field().selector())
                    .add(t.field().text()));
        }
        if (recentForm != 0) {
            node.put("recentForm", recentForm).put("recentAt", recentAt);
        }
        state.set("forms", node);
    }

    void restore(JsonNode state) {
        JsonNode node = state.path("forms");
        members = newMembers();
        for (JsonNode entry : node.path("members")) {
            int id = entry.path(0).asInt();
            int form = entry.path(1).asInt();
            if (id > 0 && form != 0) {
                members.put(
                        id,
                        new Member(
                                Math.abs(form),
                                form < 0,
                                text(entry.path(2), EngineLimits.MAX_NAME_SELECTOR_CHARS),
                                text(entry.path(3), EngineLimits.MAX_TEXT_CHARS)));
            }
        }
        for (JsonNode entry : node.path("touched")) {
            if (touched.size() < EngineLimits.MAX_TOUCHED_FORMS) {
                touched.add(new Touched(
                        entry.path(0).asInt(),
                        entry.path(1).asLong(),
                        new FrustrationTarget(
                                entry.path(2).asInt(),
                                text(entry.path(3), EngineLimits.MAX_NAME_SELECTOR_CHARS),
                                text(entry.path(4), EngineLimits.MAX_TEXT_CHARS))));
            }
        }
        recentForm = node.path("recentForm").asInt();
        recentAt = node.path("recentAt").asLong();
    }

    private static String text(JsonNode value, int maxChars) {
        return value.isTextual() ? BoundedText.clip(value.asText(), maxChars) : null;
    }
}
