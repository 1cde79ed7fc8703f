/**
 * Words already merged, looked up by a range of the text they occur in: the
 * hash and the comparison read the text's code units in place, so a hit
 * allocates nothing (no key substring). Open addressing, cleared when full.
 */
export class WordCache<V> {
  private keys: (string | undefined)[] = [];
  private values: (V | undefined)[] = [];
  private hashes = new Int32Array(0);
  private mask = 0;
  private used = 0;

  /** Holds at most `capacity` words; the table grows with use (at most half full). */
  constructor(private readonly capacity: number) {
    this.allocate(64);
  }

  private allocate(slots: number): void {
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.mask = slots - 1;
  }

  private grow(): void {
    const [keys, values, hashes] = [this.keys, this.values, this.hashes];
    this.allocate(keys.length * 2);
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key !== undefined) this.place(key, hashes[slot] as number, values[slot] as V);
    }
  }

  private place(key: string, hash: number, value: V): void {
    let slot = hash & this.mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.hashes[slot] = hash;
  }

  /** FNV-1a over `prefix` (0: none) and the code units of `text[start, end)`. */
  static hash(text: string, start: number, end: number, prefix: number): number {
    let hash = prefix === 0 ? 0x811c9dc5 : Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
    return hash | 0;
  }

  /** The value stored for the key `prefix` (0: none) + `text[start, end)`. */
  get(text: string, start: number, end: number, prefix: number, hash: number): V | undefined {
    const keys = this.keys;
    const length = end - start + (prefix === 0 ? 0 : 1);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const key = keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] !== hash || key.length !== length) continue;
      let at = 0;
      if (prefix !== 0) {
        if (key.charCodeAt(0) !== prefix) continue;
        at = 1;
      }
      let same = true;
      for (let index = start; index < end; index++, at++) {
        if (key.charCodeAt(at) !== text.charCodeAt(index)) {
          same = false;
          break;
        }
      }
      if (same) return this.values[slot];
    }
  }

  /** Stores `value` for `key` (whose hash is `hash`, as `WordCache.hash` computes it for the key's range). */
  set(key: string, hash: number, value: V): void {
    if (this.used >= this.capacity) this.clear();
    else if (2 * (this.used + 1) > this.keys.length) this.grow();
    this.place(key, hash, value);
    this.used++;
  }

  get size(): number {
    return this.used;
  }

  clear(): void {
    this.allocate(64);
    this.used = 0;
  }
}
