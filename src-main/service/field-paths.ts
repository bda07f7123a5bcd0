import type { FilterNode } from '../analysis/filter/ast';
import { BUILTIN_FIELDS } from '../analysis/filter/builtin-fields';
import { parseFilter } from '../analysis/filter/parser';
import { spellsSegment } from '../analysis/filter/protocol-field';
import { asciiLower } from '../analysis/filter/string-compare';

/** A list index in a filter name (`headers.0.slot`), as the filter reads it. */
const INDEX_SEGMENT = /^\d{1,9}$/;

/** One node of the trie of protocol-field paths a filter names (segments as filter segments: lowercase, `_`). */
class PathNode {
  end = false;
  readonly children = new Map<string, PathNode>();
  private passing: PathNode | null | undefined;

  constructor(readonly id: number) {}

  /** What an element of a list sees: the same paths, without the index segments (those pick one element). */
  passThrough(next: () => number): PathNode | null {
    if (this.passing !== undefined) return this.passing;
    const kept = [...this.children].filter(([segment]) => !INDEX_SEGMENT.test(segment));
    if (kept.length === 0) return (this.passing = null);
    const node = new PathNode(next());
    for (const [segment, child] of kept) node.children.set(segment, child);
    return (this.passing = node);
  }
}

/**
 * Where a walk through a message's fields stands for the paths a filter names: a set of trie nodes, interned, with
 * its transitions cached by key id and list index, so pruning a message costs map lookups, not string work.
 */
export class PathState {
  readonly whole: boolean;
  /** Some path picks list elements by index here. */
  private readonly indexed: boolean;
  /** Transitions by key id (ids are small integers): undefined until first taken. */
  private readonly byKey: (PathState | null | undefined)[] = [];
  private readonly byIndex = new Map<number, PathState | null>();
  private element: PathState | null | undefined;

  constructor(
    private readonly paths: FieldPaths,
    readonly nodes: readonly PathNode[],
  ) {
    this.whole = nodes.some((n) => n.end);
    this.indexed = nodes.some((n) => [...n.children.keys()].some(isIndex));
  }

  /** The state inside an object member whose key (id) reads as a filter segment by `keys.segmentOf(id)`. */
  afterKey(keyId: number, keys: { segmentOf(id: number): string }): PathState | null {
    const known = this.byKey[keyId];
    if (known !== undefined) return known;
    const s = keys.segmentOf(keyId);
    const next = this.paths.state(this.nodes.flatMap((n) => n.children.get(s) ?? []));
    this.byKey[keyId] = next;
    return next;
  }

  /** The state inside list element `index`. */
  forElement(index: number): PathState | null {
    if (!this.indexed) {
      if (this.element === undefined) this.element = this.paths.state(this.passThroughNodes());
      return this.element;
    }
    let next = this.byIndex.get(index);
    if (next === undefined) {
      const picked = this.nodes.flatMap((n) => n.children.get(String(index)) ?? []);
      next = this.paths.state([...this.passThroughNodes(), ...picked]);
      this.byIndex.set(index, next);
    }
    return next;
  }

  private passThroughNodes(): PathNode[] {
    return this.nodes.flatMap((n) => n.passThrough(() => this.paths.nextId()) ?? []);
  }
}

function isIndex(segment: string): boolean {
  return INDEX_SEGMENT.test(segment);
}

/**
 * The protocol-field paths of a filter (`hobbits.header.id`), per protocol: what a message's fields must keep for
 * the filter to see the same values it would see in the whole `fields` object. Both readings of a name are kept,
 * as the filter tries both: the segment after the protocol as a field, and as a message name.
 */
export class FieldPaths {
  private readonly tries = new Map<string, PathNode>();
  private readonly states = new Map<string, PathState>();
  private readonly rootByProtocol = new Map<string, PathState | null>();
  private ids = 0;

  constructor(names: Iterable<string>) {
    for (const name of names) this.add(name);
  }

  /** No protocol field at all: filters that need none never decode the store. */
  get empty(): boolean {
    return this.tries.size === 0;
  }

  nextId(): number {
    return this.ids++;
  }

  /** The state at the top of the fields of a message of `protocol`, or null when the filter names none of its fields. */
  rootFor(protocol: string): PathState | null {
    let root = this.rootByProtocol.get(protocol);
    if (root === undefined) {
      const nodes = [...this.tries].filter(([p]) => spellsSegment(protocol, p)).map(([, node]) => node);
      root = this.state(nodes);
      this.rootByProtocol.set(protocol, root);
    }
    return root;
  }

  state(nodes: readonly PathNode[]): PathState | null {
    if (nodes.length === 0) return null;
    const unique = [...new Set(nodes)].sort((a, b) => a.id - b.id);
    const key = unique.map((n) => n.id).join(',');
    let state = this.states.get(key);
    if (!state) {
      state = new PathState(this, unique);
      this.states.set(key, state);
    }
    return state;
  }

  private add(lowerName: string): void {
    const [protocol, ...rest] = lowerName.split('.') as [string, ...string[]];
    if (rest.length === 0) return;
    let root = this.tries.get(protocol);
    if (!root) {
      root = new PathNode(this.nextId());
      this.tries.set(protocol, root);
    }
    this.insert(root, rest);
    // `hobbits.hello.body.x`: `hello` may name the message, then the path starts after it.
    if (rest.length >= 2) this.insert(root, rest.slice(1));
  }

  private insert(root: PathNode, segments: readonly string[]): void {
    let node = root;
    for (const segment of segments) {
      let child = node.children.get(segment);
      if (!child) {
        child = new PathNode(this.nextId());
        node.children.set(segment, child);
      }
      node = child;
    }
    node.end = true;
  }
}

/** The protocol-field names (lowercase) a filter refers to; message-level and transport names are left out. */
export function protocolFieldNames(source: string): string[] {
  const names: string[] = [];
  const visit = (node: FilterNode): void => {
    switch (node.type) {
      case 'all':
        return;
      case 'and':
      case 'or':
        return node.operands.forEach(visit);
      case 'not':
        return visit(node.operand);
      default: {
        const name = asciiLower(node.field.name);
        if (!BUILTIN_FIELDS.has(name)) names.push(name);
      }
    }
  };
  visit(parseFilter(source));
  return names;
}
