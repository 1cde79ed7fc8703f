/**
 * Float32Array storage reused by length, so an op's output neither zero-fills
 * nor page-faults fresh memory. Only buffers this pool handed out and that a
 * single tensor owns outright come back: a buffer read by the user (`dataSync`,
 * `data`), shared by two tensors, or viewed by another array (tfjs-cpu's
 * contiguous Slice returns a subarray) is never reused.
 */
export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Taken from the pool, not yet stored as a tensor's values. */
  private readonly fresh = new WeakSet<ArrayBuffer>();
  /** Stored as exactly one tensor's values: reusable once that tensor is disposed. */
  private readonly owned = new WeakSet<ArrayBuffer>();
  private pooledBytes = 0;

  constructor(private readonly limitBytes: number) {}

  /** A Float32Array of `length` elements with arbitrary contents. */
  take(length: number): Float32Array {
    const reused = this.free.get(length)?.pop();
    if (reused) this.pooledBytes -= reused.byteLength;
    const values = reused ?? new Float32Array(length);
    this.fresh.add(values.buffer as ArrayBuffer);
    return values;
  }

  /** Called when the backend stores `values` for a tensor. */
  stored(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const buffer = values.buffer as ArrayBuffer;
    if (this.fresh.has(buffer) && values.byteOffset === 0 && values.byteLength === buffer.byteLength) {
      this.fresh.delete(buffer);
      this.owned.add(buffer);
    } else {
      // A second owner, or a view into a pooled buffer: that buffer may never be reused.
      this.owned.delete(buffer);
      this.fresh.delete(buffer);
    }
  }

  /** Called when `values` leave the backend (read by the user, moved to another backend). */
  escaped(values: unknown): void {
    if (ArrayBuffer.isView(values)) this.owned.delete(values.buffer as ArrayBuffer);
  }

  /** Called when the tensor owning `values` is disposed. */
  released(values: unknown): void {
    if (!(values instanceof Float32Array)) return;
    const buffer = values.buffer as ArrayBuffer;
    if (!this.owned.has(buffer)) return;
    this.owned.delete(buffer);
    if (this.pooledBytes + values.byteLength > this.limitBytes) return;
    const list = this.free.get(values.length);
    if (list) list.push(values);
    else this.free.set(values.length, [values]);
    this.pooledBytes += values.byteLength;
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
