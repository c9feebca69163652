import { describe, expect, it } from 'vitest';
import { planBatches } from '../../src/wordpress/batch-plan.js';

describe('planBatches', () => {
  it('chunks batchable operations by the discovered limit, keeping order', () => {
    const plan = planBatches(Array<boolean>(60).fill(true), 25);
    expect(plan.batches.map((chunk) => chunk.length)).toEqual([25, 25, 10]);
    expect(plan.batches.flat()).toEqual(Array.from({ length: 60 }, (_, index) => index));
    expect(plan.singles).toEqual([]);
  });

  it('sends operations on routes that refuse batching as single requests', () => {
    const plan = planBatches([true, false, true, false], 25);
    expect(plan.batches).toEqual([[0, 2]]);
    expect(plan.singles).toEqual([1, 3]);
  });

  it('sends everything alone when the site has no batch endpoint', () => {
    expect(planBatches([true, true], undefined)).toEqual({ batches: [], singles: [0, 1] });
  });

  it('honours a limit lowered by a rest_get_max_batch_size filter', () => {
    expect(planBatches([true, true, true], 2).batches).toEqual([[0, 1], [2]]);
  });
});
