import { describe, expect, test } from 'vitest';
import { createActor } from './machine.js';

// A counter that ignores steps past 2, to see both kinds of answer.
const upTo2 = (n: number, step: number) => (n + step > 2 ? n : n + step);

describe('createActor', () => {
  test('applies an event at once, before any render, and tells listeners only of a change', () => {
    const actor = createActor(upTo2, 0);
    const heard: number[] = [];
    const stop = actor.subscribe(() => heard.push(actor.get()));
    expect(actor.send(1)).toBe(1);
    expect(actor.get()).toBe(1);
    expect(actor.send(5)).toBeNull();
    expect(actor.send(1)).toBe(2);
    expect(heard).toEqual([1, 2]);
    stop();
    expect(actor.send(-2)).toBe(0);
    expect(heard).toEqual([1, 2]);
  });
});
