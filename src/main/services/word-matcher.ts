// Finds which of many words occur in a text in one pass over the text (Aho–Corasick):
// the estimate checks every recipient's text against the user's sensitive-word list,
// a million texts against thousands of words, which `includes` per word cannot do in
// seconds. The root's transitions sit in a typed array indexed by UTF-16 unit, because
// most characters of an ordinary text lead nowhere and leave the matcher at the root.

export class WordMatcher {
  readonly words: readonly string[];
  private readonly rootNext = new Int32Array(0x10000);
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Word indices ending at each state, those of its fail chain included. */
  private readonly out: number[][] = [[]];

  constructor(words: readonly string[]) {
    this.words = [...new Set(words.filter((w) => w.length > 0))];
    this.words.forEach((word, index) => {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const unit = word.charCodeAt(i);
        let to = this.next[state].get(unit);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[state].set(unit, to);
        }
        state = to;
      }
      this.out[state].push(index);
    });
    this.link();
  }

  get empty(): boolean {
    return this.words.length === 0;
  }

  /** Breadth-first: each state's fail link is the longest proper suffix that is also a prefix. */
  private link(): void {
    const queue: number[] = [];
    for (const [unit, to] of this.next[0]) {
      this.rootNext[unit] = to;
      queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [unit, to] of this.next[state]) {
        this.fail[to] = this.step(this.fail[state], unit);
        this.out[to] = this.out[to].concat(this.out[this.fail[to]]);
        queue.push(to);
      }
    }
  }

  private step(state: number, unit: number): number {
    for (let s = state; ; s = this.fail[s]) {
      if (s === 0) return this.rootNext[unit];
      const to = this.next[s].get(unit);
      if (to !== undefined) return to;
    }
  }

  /** Indices (into `words`) of the words the text contains, each once, in order of discovery. */
  find(text: string): number[] {
    let found: number[] | null = null;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, text.charCodeAt(i));
      const hits = this.out[state];
      if (hits.length === 0) continue;
      found ??= [];
      for (const h of hits) if (!found.includes(h)) found.push(h);
    }
    return found ?? [];
  }
}
