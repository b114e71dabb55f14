import { escalationStage, maxOffset, normaliseOffsets, reminderStage } from '../../../../src/domain/sweep/stages';

describe('reminder stages', () => {
  const offsets = normaliseOffsets([0, 7, 1, 7]);
  it('normalises offsets: unique, largest first, whole and non-negative only', () => {
    expect(offsets).toEqual([7, 1, 0]);
    expect(normaliseOffsets([3, -1, 2.5, 3])).toEqual([3]);
  });
  it.each([
    [9, undefined],
    [8, undefined],
    [7, 7],
    [6, 7],
    [2, 7],
    [1, 1],
    [0, 0],
    [-1, undefined],
  ])('%i days before the due date is stage %p', (days, stage) => {
    expect(reminderStage(days, offsets)).toBe(stage);
  });
  it('without a 0 offset the due day stays in the 1-day stage', () => {
    expect(reminderStage(0, [3, 1])).toBe(1);
  });
  it('with no offsets there is no reminder', () => {
    expect(reminderStage(0, [])).toBeUndefined();
  });
});

describe('escalation stages', () => {
  it.each([
    [0, undefined],
    [1, 1],
    [7, 1],
    [8, 8],
    [14, 8],
    [15, 15],
    [30, 29],
  ])('manager track, repeat 7: overdue %i → stage %p', (days, stage) => {
    expect(escalationStage(days, 1, 7)).toBe(stage);
  });
  it.each([
    [13, undefined],
    [14, 14],
    [20, 14],
    [21, 21],
  ])('second-tier track from 14, repeat 7: overdue %i → stage %p', (days, stage) => {
    expect(escalationStage(days, 14, 7)).toBe(stage);
  });
  it('repeat 0 means once', () => {
    expect(escalationStage(1, 1, 0)).toBe(1);
    expect(escalationStage(100, 1, 0)).toBe(1);
    expect(escalationStage(100, 14, 0)).toBe(14);
  });
});

describe('maxOffset', () => {
  it('is the largest offset, 0 when none', () => {
    expect(maxOffset([1, 7, 0])).toBe(7);
    expect(maxOffset([])).toBe(0);
  });
});
