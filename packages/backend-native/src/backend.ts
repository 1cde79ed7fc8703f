import { tf, type DataType } from '@pretrain/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { BufferPool } from './buffer_pool.js';

type DataId = object;
type BackendValues = Parameters<MathBackendCPU['write']>[0];

/**
 * tfjs-cpu's backend (its storage: one typed array per tensor) with the
 * addon's kernels registered over the hot ones, and output storage reused
 * through a pool that tfjs's own `disposeData` calls feed.
 */
export class NativeBackend extends MathBackendCPU {
  readonly buffers: BufferPool;

  constructor(
    readonly addon: NativeAddon,
    poolBytes: number,
  ) {
    super();
    this.buffers = new BufferPool(poolBytes);
    // tfjs-cpu prints "install the node backend" on its first write; this backend is that.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** The values of a float32 tensor (for the addon); undefined for other dtypes. */
  floats(tensor: tf.TensorInfo): Float32Array | undefined {
    const values = this.data.get(tensor.dataId)?.values;
    return tensor.dtype === 'float32' && values instanceof Float32Array ? values : undefined;
  }

  /** An output buffer of `size` elements from the pool. */
  allocate(size: number): Float32Array {
    return this.buffers.take(size);
  }

  /** Stores `values` as a new float32 tensor of `shape`. */
  output(shape: number[], values: Float32Array): tf.TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    this.buffers.stored(values);
    return super.write(values, shape, dtype);
  }

  override move(dataId: DataId, values: BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    this.buffers.stored(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  override readSync(dataId: DataId): BackendValues {
    const entry = this.data.get(dataId);
    if (entry !== undefined && this.buffers.ownsPartial(entry.values)) {
      // The reader gets an exact-length array of its own: a view shorter than its buffer would hand code that
      // reads `.buffer` the rest of a pooled buffer. The old buffer is dropped, not pooled: a kernel may still
      // hold the view it read before this call.
      this.buffers.escaped(entry.values);
      entry.values = entry.values.slice();
    }
    this.buffers.escaped(entry?.values);
    return super.readSync(dataId);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.get(dataId)?.values;
    const released = super.disposeData(dataId, force);
    if (released && values !== undefined && !this.data.has(dataId)) this.buffers.released(values);
    return released;
  }

  override dispose(): void {
    super.dispose();
    this.buffers.clear();
  }
}
