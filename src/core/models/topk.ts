export interface Scored {
  item: number;
  score: number;
}

/**
 * Keeps the n best (highest score; ties: smaller index) of a stream of (index, score) pairs in a
 * small sorted buffer: O(N) for the common case where few candidates beat the current n-th.
 */
export class TopN {
  readonly items: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  constructor(readonly n: number) {
    this.items = new Int32Array(n);
    this.scores = new Float64Array(n);
  }

  reset(): void {
    this.size = 0;
  }

  /** Smallest score that can still enter. */
  get floor(): number {
    return this.size < this.n ? -Infinity : this.scores[this.n - 1];
  }

  push(item: number, score: number): void {
    const { n, items, scores } = this;
    if (n === 0 || score !== score) return; // NaN never enters
    if (this.size === n) {
      const last = scores[n - 1];
      if (score < last || (score === last && item > items[n - 1])) return;
    }
    let i = this.size < n ? this.size++ : n - 1;
    while (i > 0 && (scores[i - 1] < score || (scores[i - 1] === score && items[i - 1] > item))) {
      scores[i] = scores[i - 1];
      items[i] = items[i - 1];
      i--;
    }
    scores[i] = score;
    items[i] = item;
  }

  result(): Scored[] {
    const out: Scored[] = [];
    for (let i = 0; i < this.size; i++) out.push({ item: this.items[i], score: this.scores[i] });
    return out;
  }
}
