// What rrweb records of a page that changes all the time, made smaller before the recorder keeps it
// (docs/PERFORMANCE.md, "Heavy pages"). The replay ends on the same DOM; what changes is how it gets there:
// - a text replaced by another (`el.textContent = …`: rrweb records the removal of the element's only
//   text node and the addition of a new one, with a new id) is sent as a change of the old node's text,
//   and the new node goes on under the old node's id in the recording;
// - text and attribute changes that follow each other within MUTATION_BATCH_MS leave as one event that
//   holds only the last value of each; any other event (the recorder's own too, through flush()), a
//   structural change or a full snapshot sends them first, so the order of events is kept.
import { record } from '@rrweb/record';
import { EVENT_FULL_SNAPSHOT, EVENT_INCREMENTAL, MUTATION_BATCH_MS, SOURCE_MUTATION, SOURCE_SELECTION } from './constants';

/* eslint-disable @typescript-eslint/no-explicit-any */
type RecorderEvent = { type: number; timestamp: number; data: any };

export function coalescing(send: (event: RecorderEvent) => void) {
  /** Live id of a text node that took another's place → the id the recording knows it by. */
  let alias = new Map<number, number>();
  /** Live ids of the recorded text nodes: only such a node's replacement becomes a text change. */
  let textIds = new Set<number>();
  let pending: RecorderEvent | null = null;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const id = (live: number) => alias.get(live) ?? live;

  function flush(): void {
    clearTimeout(timer);
    const event = pending;
    pending = null;
    if (event) send(event);
  }

  /** One mutation, in the recording's ids, its text replacements turned into text changes. */
  function rewrite(data: any): void {
    // per live parent id: its one added text node (null: more than one), and how many children left it
    const textAdds = new Map<number, any>();
    const removed = new Map<number, number>();
    for (const add of data.adds) {
      if (add.node.type === 3) {
        textIds.add(add.node.id);
        textAdds.set(add.parentId, textAdds.has(add.parentId) ? null : add);
      }
    }
    for (const remove of data.removes) removed.set(remove.parentId, (removed.get(remove.parentId) || 0) + 1);
    for (const text of data.texts) text.id = id(text.id);
    data.removes = data.removes.filter((remove: any) => {
      const live = remove.id;
      const add = textAdds.get(remove.parentId);
      const parent = add && removed.get(remove.parentId) === 1 && textIds.delete(live) && record.mirror.getNode(remove.parentId);
      remove.id = id(live);
      alias.delete(live);
      // the parent's only text node, replaced by another that is now its only child (a style's text is
      // left alone: the replay adapts an added stylesheet, not a changed text)
      if (
        parent &&
        parent.nodeName !== 'STYLE' &&
        parent.childNodes.length === 1 &&
        record.mirror.getId(parent.firstChild) === add.node.id
      ) {
        add.parentId = 0;
        data.texts.push({ id: remove.id, value: add.node.textContent });
        alias.set(add.node.id, remove.id);
        return false;
      }
      return true;
    });
    // (parents are elements: their ids are the recording's already; rrweb's mirror keeps the serialized
    // node it hands out, so a node whose id changes is a copy)
    data.adds = data.adds.filter((add: any) => {
      add.nextId &&= id(add.nextId);
      if (alias.has(add.node.id)) add.node = { ...add.node, id: id(add.node.id) };
      return add.parentId;
    });
  }

  /** The pending event takes `data`'s text and attribute changes, later values winning; false if it cannot. */
  function merge(data: any): boolean {
    const held = pending!.data;
    const before = (change: any) => held.attributes.find((a: any) => a.id === change.id);
    // a style diff (an object) after a whole style (a string) would need the two applied: not merged
    for (const change of data.attributes) {
      const style = change.attributes.style;
      if (style && typeof style == 'object' && typeof (before(change) || { attributes: {} }).attributes.style == 'string') return false;
    }
    for (const text of data.texts) {
      const kept = held.texts.find((t: any) => t.id === text.id);
      if (kept) kept.value = text.value;
      else held.texts.push(text);
    }
    for (const change of data.attributes) {
      const earlier = before(change);
      if (!earlier) held.attributes.push(change);
      else {
        const [a, b] = [earlier.attributes.style, change.attributes.style];
        if (a && b && typeof a == 'object' && typeof b == 'object') change.attributes.style = Object.assign(a, b);
        Object.assign(earlier.attributes, change.attributes);
      }
    }
    return true;
  }

  function emit(event: RecorderEvent): void {
    const data = event.data;
    if (event.type === EVENT_FULL_SNAPSHOT) {
      alias = new Map();
      textIds = new Set();
      const todo = [data.node];
      while (todo.length) {
        const node = todo.pop();
        if (node.type === 3) textIds.add(node.id);
        if (node.childNodes) for (const child of node.childNodes) todo.push(child);
      }
    } else if (event.type === EVENT_INCREMENTAL && data.source === SOURCE_MUTATION) {
      rewrite(data);
      if (!data.adds.length && !data.removes.length) {
        if (pending && merge(data)) pending.timestamp = event.timestamp;
        else {
          flush();
          pending = event;
          timer = setTimeout(flush, MUTATION_BATCH_MS);
        }
        return;
      }
    } else if (event.type === EVENT_INCREMENTAL && data.source === SOURCE_SELECTION) {
      for (const range of data.ranges) {
        range.start = id(range.start);
        range.end = id(range.end);
      }
    }
    flush();
    send(event);
  }

  return { emit, flush };
}
