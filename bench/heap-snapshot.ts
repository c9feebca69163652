/**
 * Reads a V8 heap snapshot and says what holds the memory: retained sizes from the dominator
 * tree (Cooper, Harvey and Kennedy's iterative algorithm; weak edges ignored), summed per part
 * of the connector (objects of the part's classes, each counted once: a part object held by
 * another part's object is taken out of the outer one), plus the shallow size per node type
 * and the largest constructors by shallow size.
 */
import { readFileSync } from 'node:fs';
import { round } from './stats.js';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** The connector's parts, by the constructor names of the objects that make them up. */
export const HEAP_PARTS: readonly { part: string; names: RegExp }[] = [
  {
    part: 'Pub/Sub client (gRPC, HTTP/2, Avro)',
    names:
      /^(PubSubApiClient|SalesforceIntake|FlowControlledSubscription|ReplayTracker|InternalChannel|ChannelImplementation|Subchannel|Http2SubchannelTransport|Http2SubchannelCall|ClientHttp2Session|ClientHttp2Stream|ClientDuplexStreamImpl|ResolvingCall|RetryingCall|LoadBalancingCall|RecordType|UnionType|ArrayType)$/,
  },
  { part: 'result queue', names: /^(ResultPublisher|OutcomeReporter)$/ },
  { part: 'scheduler', names: /^(KeyedScheduler|RecordLocks|EventProcessor|PauseGate)$/ },
  { part: 'batchers', names: /^(WriteBatcher|ReadBatcher|BatchingWriter)$/ },
  {
    part: 'sqlite store',
    names:
      /^(SqliteStateStore|SqliteIdLinks|SqliteCheckpoints|SqliteDeadLetters|Database|Statement)$/,
  },
  {
    part: 'wpapi (WordPress client)',
    names:
      /^(WpapiWordPressClient|WpapiEndpoints|WordPressHttp|WPAPI|WPRequest|TypeRoutes|BatchSupport)$/,
  },
  {
    part: 'jsforce (Salesforce REST)',
    names: /^(Connection|SalesforceRecordGateway|ExternalIdWriter|HttpApi|Transport)$/,
  },
  { part: 'WordPress → Salesforce intake', names: /^(WordPressIntake|CompanionPluginClient)$/ },
  { part: 'metrics', names: /^(ConnectorMetrics|Registry)$/ },
];

export interface HeapBreakdown {
  /** Sum of every reachable node's shallow size, MB. */
  totalMb: number;
  /** Retained MB per part; `everything else` is the rest (module code, Node's own state, …). */
  byPart: { part: string; retainedMb: number; objects: number }[];
  byNodeType: { type: string; shallowMb: number }[];
  topConstructors: { name: string; shallowMb: number; count: number }[];
}

const MB = 2 ** 20;

export function analyseHeapSnapshot(file: string): HeapBreakdown {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const typeOf = meta.node_fields.indexOf('type');
  const nameOf = meta.node_fields.indexOf('name');
  const sizeOf = meta.node_fields.indexOf('self_size');
  const edgeCountOf = meta.node_fields.indexOf('edge_count');
  const edgeTypeOf = meta.edge_fields.indexOf('type');
  const toOf = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  const { nodes, edges, strings } = raw;
  const count = nodes.length / nf;

  const firstEdge = new Int32Array(count + 1);
  for (let node = 0; node < count; node++) {
    firstEdge[node + 1] = (firstEdge[node] ?? 0) + (nodes[node * nf + edgeCountOf] ?? 0) * ef;
  }
  const follows = (from: number, edge: number): boolean => {
    const type = edges[edge + edgeTypeOf];
    return type !== weak && (type !== shortcut || from === 0);
  };

  // Postorder of the nodes reachable from the root (node 0).
  const post = new Int32Array(count).fill(-1);
  const order: number[] = [];
  const visited = new Uint8Array(count);
  const stack: number[] = [0];
  const cursor = new Int32Array(count);
  visited[0] = 1;
  for (let node = 0; node < count; node++) cursor[node] = firstEdge[node] ?? 0;
  while (stack.length > 0) {
    const node = stack[stack.length - 1] ?? 0;
    const end = firstEdge[node + 1] ?? 0;
    let pushed = false;
    while ((cursor[node] ?? 0) < end) {
      const edge = cursor[node] ?? 0;
      cursor[node] = edge + ef;
      if (!follows(node, edge)) continue;
      const to = (edges[edge + toOf] ?? 0) / nf;
      if (visited[to]) continue;
      visited[to] = 1;
      stack.push(to);
      pushed = true;
      break;
    }
    if (!pushed) {
      stack.pop();
      post[node] = order.length;
      order.push(node);
    }
  }
  const reachable = order.length;

  // Predecessors, in postorder numbers.
  const predCount = new Int32Array(reachable + 1);
  for (const node of order) {
    for (let edge = firstEdge[node] ?? 0; edge < (firstEdge[node + 1] ?? 0); edge += ef) {
      const to = (edges[edge + toOf] ?? 0) / nf;
      const slot = (post[to] ?? -1) + 1;
      if (follows(node, edge) && slot > 0) predCount[slot] = (predCount[slot] ?? 0) + 1;
    }
  }
  for (let index = 0; index < reachable; index++) {
    predCount[index + 1] = (predCount[index + 1] ?? 0) + (predCount[index] ?? 0);
  }
  const preds = new Int32Array(predCount[reachable] ?? 0);
  const fill = predCount.slice(0, reachable);
  for (const node of order) {
    const from = post[node] ?? 0;
    for (let edge = firstEdge[node] ?? 0; edge < (firstEdge[node + 1] ?? 0); edge += ef) {
      const to = (edges[edge + toOf] ?? 0) / nf;
      if (!follows(node, edge) || (post[to] ?? -1) < 0) continue;
      const slot = post[to] ?? 0;
      preds[fill[slot] ?? 0] = from;
      fill[slot] = (fill[slot] ?? 0) + 1;
    }
  }

  // Immediate dominators, in postorder numbers; the root is the last one.
  const root = reachable - 1;
  const idom = new Int32Array(reachable).fill(-1);
  idom[root] = root;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (a < b) a = idom[a] ?? root;
      while (b < a) b = idom[b] ?? root;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let node = root - 1; node >= 0; node--) {
      let next = -1;
      for (let at = predCount[node] ?? 0; at < (predCount[node + 1] ?? 0); at++) {
        const pred = preds[at] ?? 0;
        if ((idom[pred] ?? -1) < 0) continue;
        next = next < 0 ? pred : intersect(pred, next);
      }
      if (next >= 0 && idom[node] !== next) {
        idom[node] = next;
        changed = true;
      }
    }
  }

  const retained = new Float64Array(reachable);
  for (let index = 0; index < reachable; index++) {
    retained[index] = nodes[(order[index] ?? 0) * nf + sizeOf] ?? 0;
  }
  for (let index = 0; index < root; index++) {
    const parent = idom[index] ?? root;
    if (parent >= 0 && parent !== index)
      retained[parent] = (retained[parent] ?? 0) + (retained[index] ?? 0);
  }

  // Part roots: objects of a part's classes; each one's nearest enclosing part root.
  const partOf = new Map<number, number>();
  const byType = new Map<string, number>();
  const byName = new Map<string, { size: number; count: number }>();
  for (let index = 0; index < reachable; index++) {
    const node = order[index] ?? 0;
    const type = nodeTypes[nodes[node * nf + typeOf] ?? 0] ?? 'unknown';
    const name = strings[nodes[node * nf + nameOf] ?? 0] ?? '';
    const size = nodes[node * nf + sizeOf] ?? 0;
    byType.set(type, (byType.get(type) ?? 0) + size);
    const key = type === 'object' || type === 'native' || type === 'closure' ? name : `(${type})`;
    const entry = byName.get(key) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count++;
    byName.set(key, entry);
    if (type !== 'object' && type !== 'native') continue;
    const part = HEAP_PARTS.findIndex((candidate) => candidate.names.test(name));
    if (part >= 0) partOf.set(index, part);
  }
  const exclusive = new Map<number, number>();
  for (const index of partOf.keys()) exclusive.set(index, retained[index] ?? 0);
  for (const index of partOf.keys()) {
    for (let up = idom[index] ?? root; up !== root; up = idom[up] ?? root) {
      if (partOf.has(up)) {
        exclusive.set(up, (exclusive.get(up) ?? 0) - (retained[index] ?? 0));
        break;
      }
    }
  }
  const totals = HEAP_PARTS.map((part) => ({ part: part.part, bytes: 0, objects: 0 }));
  for (const [index, part] of partOf) {
    const total = totals[part];
    if (!total) continue;
    total.bytes += exclusive.get(index) ?? 0;
    total.objects++;
  }
  const totalBytes = retained[root] ?? 0;
  const inParts = totals.reduce((sum, total) => sum + total.bytes, 0);
  return {
    totalMb: round(totalBytes / MB),
    byPart: [
      ...totals.map((total) => ({
        part: total.part,
        retainedMb: round(total.bytes / MB, 2),
        objects: total.objects,
      })),
      { part: 'everything else', retainedMb: round((totalBytes - inParts) / MB, 2), objects: 0 },
    ].sort((a, b) => b.retainedMb - a.retainedMb),
    byNodeType: [...byType]
      .map(([type, size]) => ({ type, shallowMb: round(size / MB, 2) }))
      .sort((a, b) => b.shallowMb - a.shallowMb),
    topConstructors: [...byName]
      .map(([name, entry]) => ({ name, shallowMb: round(entry.size / MB, 2), count: entry.count }))
      .sort((a, b) => b.shallowMb - a.shallowMb)
      .slice(0, 15),
  };
}
