/**
 * Words already merged, looked up by a range of the text they occur in: the
 * hash and the comparison read the text's code units in place, so a hit
 * allocates nothing (no key substring). Keys are kept as code units in one
 * typed array. Open addressing, at most half full; emptied when it holds
 * `capacity` words.
 */
export class WordCache<V> {
  private values: (V | undefined)[] = [];
  private hashes = new Int32Array(0);
  /** Where slot's key starts in `units`, and its length in code units (-1: empty slot). */
  private keyStarts = new Int32Array(0);
  private keyLengths = new Int32Array(0);
  private units = new Uint16Array(1024);
  private unitsUsed = 0;
  private mask = 0;
  private used = 0;

  constructor(private readonly capacity: number) {
    this.allocate(64);
  }

  /** FNV-1a over `prefix` (0: none) and the code units of `text[start, end)`. */
  static hash(text: string, start: number, end: number, prefix: number): number {
    let hash = prefix === 0 ? 0x811c9dc5 : Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
    return hash | 0;
  }

  /** The value stored for the key `prefix` (0: none) + `text[start, end)`, whose hash is `hash`. */
  get(text: string, start: number, end: number, prefix: number, hash: number): V | undefined {
    const { keyLengths, keyStarts, hashes, units } = this;
    const length = end - start + (prefix === 0 ? 0 : 1);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = keyLengths[slot] as number;
      if (stored < 0) return undefined;
      if (stored !== length || hashes[slot] !== hash) continue;
      let at = keyStarts[slot] as number;
      if (prefix !== 0 && units[at++] !== prefix) continue;
      let index = start;
      while (index < end && units[at] === text.charCodeAt(index)) {
        index++;
        at++;
      }
      if (index === end) return this.values[slot];
    }
  }

  /** Stores `value` for the key `prefix` (0: none) + `text[start, end)`, whose hash is `hash`. */
  set(text: string, start: number, end: number, prefix: number, hash: number, value: V): void {
    if (this.used >= this.capacity) this.clear();
    else if (2 * (this.used + 1) > this.keyLengths.length) this.grow();
    const length = end - start + (prefix === 0 ? 0 : 1);
    if (this.unitsUsed + length > this.units.length) {
      const units = new Uint16Array(Math.max(2 * this.units.length, this.unitsUsed + length));
      units.set(this.units.subarray(0, this.unitsUsed));
      this.units = units;
    }
    const keyStart = this.unitsUsed;
    let at = keyStart;
    if (prefix !== 0) this.units[at++] = prefix;
    for (let index = start; index < end; index++) this.units[at++] = text.charCodeAt(index);
    this.unitsUsed = at;
    this.place(hash, keyStart, length, value);
    this.used++;
  }

  get size(): number {
    return this.used;
  }

  clear(): void {
    this.allocate(64);
    this.units = new Uint16Array(1024);
    this.unitsUsed = 0;
    this.used = 0;
  }

  private allocate(slots: number): void {
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.keyStarts = new Int32Array(slots);
    this.keyLengths = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
  }

  private grow(): void {
    const { values, hashes, keyStarts, keyLengths } = this;
    this.allocate(keyLengths.length * 2);
    for (let slot = 0; slot < keyLengths.length; slot++) {
      if ((keyLengths[slot] as number) >= 0) this.place(hashes[slot] as number, keyStarts[slot] as number, keyLengths[slot] as number, values[slot] as V);
    }
  }

  private place(hash: number, keyStart: number, keyLength: number, value: V): void {
    let slot = hash & this.mask;
    while ((this.keyLengths[slot] as number) >= 0) slot = (slot + 1) & this.mask;
    this.values[slot] = value;
    this.hashes[slot] = hash;
    this.keyStarts[slot] = keyStart;
    this.keyLengths[slot] = keyLength;
  }
}
