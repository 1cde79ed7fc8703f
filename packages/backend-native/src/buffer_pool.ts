/**
 * Float32Array storage reused across ops, so an op's output neither zero-fills
 * nor page-faults fresh memory. Buffers come in size classes (a length rounded
 * up to a multiple of 1/8 of its power of two: at most 1/8 more), so a shape
 * that grows by one row per step — a key/value cache while decoding — reuses
 * the buffer its previous step freed; the tensor sees a view of exactly its own
 * length. Only buffers this pool handed out and that a single tensor owns
 * outright come back: a buffer read by the user (`dataSync`, `data`), shared by
 * two tensors, or viewed by another array (tfjs-cpu's contiguous Slice returns
 * a subarray) is never reused.
 */
export class BufferPool {
  private readonly free = new Map<number, ArrayBuffer[]>();
  /** Taken from the pool, not yet stored as a tensor's values. */
  private readonly fresh = new WeakSet<ArrayBuffer>();
  /** Stored as exactly one tensor's values: reusable once that tensor is disposed. */
  private readonly owned = new WeakSet<ArrayBuffer>();
  private pooledBytes = 0;

  constructor(private readonly limitBytes: number) {}

  /** Elements of the buffer that holds `length` elements: `length` rounded up to its size class. */
  static capacity(length: number): number {
    if (length <= 16) return Math.max(1, length);
    const step = 2 ** (28 - Math.clz32(length)); // 2^(⌊log2 length⌋ − 3), exact for integers
    return Math.ceil(length / step) * step;
  }

  /** A Float32Array of `length` elements with arbitrary contents. */
  take(length: number): Float32Array {
    const capacity = BufferPool.capacity(length);
    const reused = this.free.get(capacity)?.pop();
    if (reused) this.pooledBytes -= reused.byteLength;
    const buffer = reused ?? new ArrayBuffer(capacity * Float32Array.BYTES_PER_ELEMENT);
    this.fresh.add(buffer);
    return new Float32Array(buffer, 0, length);
  }

  /** Called when the backend stores `values` for a tensor. */
  stored(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const buffer = values.buffer as ArrayBuffer;
    if (this.fresh.has(buffer) && values.byteOffset === 0) {
      this.fresh.delete(buffer);
      this.owned.add(buffer);
    } else {
      // A second owner, or a view into a pooled buffer: that buffer may never be reused.
      this.owned.delete(buffer);
      this.fresh.delete(buffer);
    }
  }

  /** Whether `values` are a view shorter than the pooled buffer that a single tensor owns. */
  ownsPartial(values: unknown): values is Float32Array {
    return values instanceof Float32Array && this.owned.has(values.buffer as ArrayBuffer) && values.byteLength !== values.buffer.byteLength;
  }

  /** Called when `values` leave the backend (read by the user, moved to another backend). */
  escaped(values: unknown): void {
    if (ArrayBuffer.isView(values)) this.owned.delete(values.buffer as ArrayBuffer);
  }

  /** Called when the tensor owning `values` is disposed (or no longer stores them). */
  released(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const buffer = values.buffer as ArrayBuffer;
    if (!this.owned.has(buffer)) return;
    this.owned.delete(buffer);
    if (this.pooledBytes + buffer.byteLength > this.limitBytes) return;
    const capacity = buffer.byteLength / Float32Array.BYTES_PER_ELEMENT;
    const list = this.free.get(capacity);
    if (list) list.push(buffer);
    else this.free.set(capacity, [buffer]);
    this.pooledBytes += buffer.byteLength;
  }

  /** Bytes held for reuse. */
  get bytes(): number {
    return this.pooledBytes;
  }

  clear(): void {
    this.free.clear();
    this.pooledBytes = 0;
  }
}
