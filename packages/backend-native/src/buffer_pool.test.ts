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
    expect(pool.take(256).buffer).toBe(first.buffer);
    expect(pool.bytes).toBe(0);
  });

  it('rounds lengths up to size classes at most 1/8 larger, so a growing shape reuses the buffer freed a step before', () => {
    for (const length of [1, 16, 17, 100, 1000, 1024, 1025, 262_144 + 256, 3_000_001]) {
      const capacity = BufferPool.capacity(length);
      expect(capacity).toBeGreaterThanOrEqual(length);
      expect(capacity).toBeLessThanOrEqual(Math.max(length, 16) * 1.125);
    }
    const pool = new BufferPool(1 << 24);
    let previous = pool.take(4 * 64 * 1000);
    pool.stored(previous);
    for (let context = 1001; context <= 1024; context++) {
      const next = pool.take(4 * 64 * context);
      pool.stored(next);
      pool.released(previous);
      expect(next.length).toBe(4 * 64 * context);
      previous = next;
    }
    // two buffers alternate: the one being written and the one the previous step left
    expect(pool.bytes).toBe(BufferPool.capacity(4 * 64 * 1024) * 4);
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

  it('reuses the buffer of a shape one row shorter, and hands the user an array of exactly its values', async () => {
    const rows = tf.ones([1000, 64]);
    tf.dispose(tf.exp(rows));
    const pooled = backend.buffers.bytes;
    const longer = tf.tidy(() => tf.concat([rows, tf.fill([1, 64], 2)]));
    expect(backend.buffers.bytes).toBe(pooled - BufferPool.capacity(1001 * 64) * 4);
    const values = await longer.data();
    expect(values).toHaveLength(1001 * 64);
    expect(values.byteLength).toBe(values.buffer.byteLength);
    expect([values[0], values[1000 * 64 - 1], values[1000 * 64], values[1001 * 64 - 1]]).toEqual([1, 1, 2, 2]);
    expect(longer.dataSync()).toBe(values);
    tf.dispose([rows, longer]);
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
