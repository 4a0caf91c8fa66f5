// Names for the elements of a recording, read from its snapshots and mutations: what the activity
// list says was clicked ("Place order", button#place-order) or typed in ("Email"), for recordings
// from any rrweb recorder. Text is what the recording holds: masked text stays masked.

/** rrweb's serialized node types. */
const ELEMENT = 2;
const TEXT = 3;
const NAME_MAX = 40;
const INTERACTIVE_TAGS = new Set(['a', 'button', 'input', 'select', 'textarea', 'summary', 'label']);

interface SerializedNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

interface Known {
  parent: number;
  tag?: string;
  attributes?: Record<string, unknown>;
  children: number[];
  text?: string;
}

export interface ElementName {
  text: string;
  selector: string;
}

export class NodeNames {
  private nodes = new Map<number, Known>();

  learnSnapshot(root: SerializedNode): void {
    this.nodes = new Map();
    this.learn(root, 0);
  }

  learnMutation(data: {
    adds?: { parentId: number; node: SerializedNode }[];
    removes?: { id: number }[];
    texts?: { id: number; value: string | null }[];
  }): void {
    for (const add of data.adds || []) this.learn(add.node, add.parentId);
    for (const text of data.texts || []) {
      const node = this.nodes.get(text.id);
      if (node) node.text = text.value || '';
    }
    // removed nodes are kept: a click just before a removal is still named
  }

  /** The clicked element's name: its nearest interactive ancestor's text or accessible name, and a short selector. */
  clicked(id: number): ElementName | null {
    let target = id;
    for (let at: number | undefined = id, depth = 0; at && depth < 6; at = this.nodes.get(at)?.parent, depth++) {
      const node = this.nodes.get(at);
      if (
        node?.tag &&
        (INTERACTIVE_TAGS.has(node.tag) || typeof node.attributes?.role === 'string' || 'onclick' in (node.attributes || {}))
      ) {
        target = at;
        break;
      }
    }
    const node = this.nodes.get(target);
    if (!node?.tag) return null;
    return { text: accessibleName(node.attributes || {}) || this.textOf(target), selector: selectorOf(node) };
  }

  /** What a field is called: its aria-label, label, placeholder, name or id. */
  field(id: number): string | null {
    const node = this.nodes.get(id);
    if (!node?.tag) return null;
    const a = node.attributes || {};
    const labelled = this.labelFor(a.id);
    return clip(str(a['aria-label']) || labelled || str(a.placeholder) || str(a.name) || str(a.id) || node.tag) || null;
  }

  private labelFor(id: unknown): string {
    if (typeof id !== 'string' || !id) return '';
    for (const [nodeId, node] of this.nodes) if (node.tag === 'label' && node.attributes?.for === id) return this.textOf(nodeId);
    return '';
  }

  private textOf(id: number): string {
    let out = '';
    const stack = [id];
    while (stack.length && out.length < NAME_MAX * 2) {
      const node = this.nodes.get(stack.pop()!);
      if (!node) continue;
      if (node.text !== undefined) out += ' ' + node.text;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
    }
    return clip(out);
  }

  private learn(root: SerializedNode, parentId: number): void {
    const stack: [SerializedNode, number][] = [[root, parentId]];
    while (stack.length) {
      const [node, parent] = stack.pop()!;
      if (!node || typeof node.id !== 'number') continue;
      const known: Known = { parent, children: [] };
      if (node.type === ELEMENT) {
        known.tag = String(node.tagName || '').toLowerCase();
        known.attributes = node.attributes || {};
        // a script's or style's text is no element's name
        if (known.tag === 'script' || known.tag === 'style') continue;
      } else if (node.type === TEXT) {
        known.text = node.textContent || '';
      }
      this.nodes.set(node.id, known);
      this.nodes.get(parent)?.children.push(node.id);
      for (const child of node.childNodes || []) stack.push([child, node.id]);
    }
  }
}

function accessibleName(a: Record<string, unknown>): string {
  return clip(str(a['aria-label']) || str(a.title) || str(a.alt) || (a.type === 'submit' || a.type === 'button' ? str(a.value) : ''));
}

function selectorOf(node: Known): string {
  const a = node.attributes || {};
  if (typeof a.id === 'string' && a.id) return `${node.tag}#${a.id}`;
  const classes = typeof a.class === 'string' ? a.class.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
  return node.tag + classes.map((c) => '.' + c).join('');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > NAME_MAX ? t.slice(0, NAME_MAX) + '…' : t;
}
