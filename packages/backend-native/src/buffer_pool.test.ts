import { tf } from '@pretrain/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferPool } from './buffer_pool.js';
import { nativeBackend, type NativeBackend } from './index.js';

describe('BufferPool', () => {
  it('hands a released buffer out again for the same length', () => {
    const pool = new BufferPool(1 << 20);
    const first = pool.take(256);
    pool.stored(first);
    pool.released(first);
    expect(pool.bytes).toBe(1024);
    expect(pool.take(256)).toBe(first);
    expect(pool.bytes).toBe(0);
  });

  it('never reuses a buffer read by the user, shared by two tensors, or viewed by a slice', () => {
    const pool = new BufferPool(1 << 20);
    const read = pool.take(8);
    pool.stored(read);
    pool.escaped(read);
    pool.released(read);
    const shared = pool.take(8);
    pool.stored(shared);
    pool.stored(shared);
    pool.released(shared);
    const viewed = pool.take(8);
    pool.stored(viewed);
    pool.stored(viewed.subarray(2, 4));
    pool.released(viewed);
    expect(pool.bytes).toBe(0);
  });

  it('keeps no more than its limit', () => {
    const pool = new BufferPool(4096);
    const buffers = [pool.take(1024), pool.take(1024)];
    for (const buffer of buffers) {
      pool.stored(buffer);
      pool.released(buffer);
    }
    expect(pool.bytes).toBe(4096);
  });

  it('ignores arrays it did not hand out', () => {
    const pool = new BufferPool(1 << 20);
    const foreign = new Float32Array(16);
    pool.stored(foreign);
    pool.released(foreign);
    expect(pool.bytes).toBe(0);
  });
});

const probe = await nativeBackend.probe();

describe.runIf(probe.available)(`NativeBackend storage (needs the built addon: ${probe.reason})`, () => {
  let backend: NativeBackend;
  beforeAll(async () => {
    await nativeBackend.setup();
    backend = tf.backend() as NativeBackend;
  });

  it('reuses a disposed output for the next op of that size', () => {
    const x = tf.ones([64, 64]);
    tf.dispose(tf.exp(x));
    const pooled = backend.buffers.bytes;
    expect(pooled).toBeGreaterThanOrEqual(64 * 64 * 4);
    const next = tf.exp(x);
    expect(backend.buffers.bytes).toBe(pooled - 64 * 64 * 4);
    tf.dispose([x, next]);
  });

  it('leaves values the user has read untouched after their tensor is disposed', async () => {
    const x = tf.fill([32, 32], 2);
    const first = tf.exp(x);
    const values = await first.data();
    first.dispose();
    const second = tf.neg(x);
    expect(values[0]).toBeCloseTo(Math.exp(2), 4);
    expect((await second.data())[0]).toBe(-2);
    tf.dispose([x, second]);
  });
});
