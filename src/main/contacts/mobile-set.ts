// A set of normalised mobiles, each with a number attached (the row it was first seen
// on), in typed arrays: 12 bytes an entry at most half full, against ~64 for a JS
// Map of strings, and no garbage per row. An import of a million rows checks every
// row against the file so far, the target list and the opt-outs: this keeps that to
// a few tens of megabytes and well under a microsecond a check.

const EMPTY = 0;

/** A set as plain typed arrays: it crosses into a worker thread as a copy of two buffers, not of each entry. */
export interface MobileSetState {
  keys: Float64Array;
  values: Uint32Array;
  size: number;
}

export class MobileSet {
  private keys: Float64Array;
  private values: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let slots = 1024;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Float64Array(slots);
    this.values = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /**
   * A mobile is 11 digits: exactly representable as a double, never 0. Read digit by
   * digit: Number() of a string this long (past 2^32) takes V8's slow path.
   */
  private static key(mobile: string): number {
    let hi = 0;
    for (let i = 0; i < 5; i++) hi = hi * 10 + mobile.charCodeAt(i) - 48;
    let lo = 0;
    for (let i = 5; i < 11; i++) lo = lo * 10 + mobile.charCodeAt(i) - 48;
    return hi * 1_000_000 + lo;
  }

  private slot(key: number): number {
    const lo = key >>> 0;
    const hi = Math.floor(key / 0x1_0000_0000);
    let i = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) & this.mask;
    while (this.keys[i] !== EMPTY && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  /** The arrays behind the set (shared, not copied: a set made from them must not be changed while this one is used). */
  state(): MobileSetState {
    return { keys: this.keys, values: this.values, size: this.size };
  }

  static fromState(state: MobileSetState): MobileSet {
    const set = new MobileSet(0);
    set.keys = state.keys;
    set.values = state.values;
    set.mask = state.keys.length - 1;
    set.size = state.size;
    return set;
  }

  has(mobile: string): boolean {
    // A new list and an empty opt-out list are the usual case: no number to convert.
    if (this.size === 0) return false;
    return this.keys[this.slot(MobileSet.key(mobile))] !== EMPTY;
  }

  /** Adds the mobile with `value` and returns undefined, or returns the value it already had. */
  addOrGet(mobile: string, value: number): number | undefined {
    const key = MobileSet.key(mobile);
    const i = this.slot(key);
    if (this.keys[i] !== EMPTY) return this.values[i];
    this.keys[i] = key;
    this.values[i] = value;
    if (++this.size * 2 > this.keys.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === EMPTY) continue;
      const i = this.slot(keys[j]);
      this.keys[i] = keys[j];
      this.values[i] = values[j];
    }
  }
}
