/**
 * Splits write operations into `/batch/v1` chunks and single requests. Pure: which operation
 * may be batched is decided beforehand; order within each chunk follows the input.
 */
export interface BatchPlan {
  /** Indexes into the operation list, one array per batch request. */
  batches: number[][];
  /** Indexes of operations that go as single requests. */
  singles: number[];
}

export function planBatches(
  batchable: readonly boolean[],
  maxItems: number | undefined,
): BatchPlan {
  const batches: number[][] = [];
  const singles: number[] = [];
  let current: number[] = [];
  batchable.forEach((canBatch, index) => {
    if (!canBatch || maxItems === undefined || maxItems < 1) {
      singles.push(index);
      return;
    }
    current.push(index);
    if (current.length === maxItems) {
      batches.push(current);
      current = [];
    }
  });
  if (current.length > 0) batches.push(current);
  return { batches, singles };
}
