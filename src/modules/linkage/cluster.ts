/** Connected components over the pairs at or above a threshold: one cluster id per record. */

class DisjointSets {
  private readonly parent: Int32Array;
  private readonly rank: Uint8Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
    this.rank = new Uint8Array(size);
  }

  find(node: number): number {
    let root = node;
    while ((this.parent[root] ?? root) !== root) root = this.parent[root] ?? root;
    // Path compression keeps later look-ups short.
    let current = node;
    while (current !== root) {
      const next = this.parent[current] ?? root;
      this.parent[current] = root;
      current = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    const rankA = this.rank[rootA] ?? 0;
    const rankB = this.rank[rootB] ?? 0;
    if (rankA < rankB) this.parent[rootA] = rootB;
    else if (rankA > rankB) this.parent[rootB] = rootA;
    else {
      this.parent[rootB] = rootA;
      this.rank[rootA] = rankA + 1;
    }
  }
}

export interface Clusters {
  /** Cluster id of each left record (or each record of a dedupe). */
  left: Int32Array;
  /** Cluster id of each right record; the same array as `left` for a dedupe. */
  right: Int32Array;
  clusterCount: number;
}

/**
 * Clusters records: nodes are left records then right records (for a link),
 * joined by every pair whose probability reaches `threshold`. Ids are numbered
 * in order of first appearance, so they are stable for the same input.
 */
export function clusterPairs(
  sizes: { left: number; right: number; dedupe: boolean },
  pairLeft: Int32Array,
  pairRight: Int32Array,
  probability: Float64Array,
  pairCount: number,
  threshold: number,
): Clusters {
  const rightOffset = sizes.dedupe ? 0 : sizes.left;
  const nodeCount = sizes.dedupe ? sizes.left : sizes.left + sizes.right;
  const sets = new DisjointSets(nodeCount);
  for (let p = 0; p < pairCount; p++) {
    if ((probability[p] ?? 0) >= threshold) sets.union(pairLeft[p] ?? 0, (pairRight[p] ?? 0) + rightOffset);
  }
  const idOfRoot = new Int32Array(nodeCount).fill(-1);
  const clusterOfNode = new Int32Array(nodeCount);
  let clusterCount = 0;
  for (let node = 0; node < nodeCount; node++) {
    const root = sets.find(node);
    if ((idOfRoot[root] ?? -1) < 0) idOfRoot[root] = clusterCount++;
    clusterOfNode[node] = idOfRoot[root] ?? 0;
  }
  const left = clusterOfNode.subarray(0, sizes.left);
  const right = sizes.dedupe ? left : clusterOfNode.subarray(sizes.left);
  return { left, right, clusterCount };
}
