import { useState, useSyncExternalStore } from 'react';

/** A pure transition: the next state, or the same object when the event does not apply (ignored). */
export type Transition<S, E> = (state: S, event: E) => S;

export interface Actor<S, E> {
  get(): S;
  subscribe(listener: () => void): () => void;
  /** Applies the event at once; the new state, or null when the machine ignored the event. */
  send(event: E): S | null;
}

/**
 * Holds a machine's state outside React, so a guard holds within one task: three clicks that arrive
 * before React re-renders see the state the first one left, not the one the last render saw.
 */
export function createActor<S, E>(transition: Transition<S, E>, initial: S): Actor<S, E> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send(event) {
      const next = transition(state, event);
      if (next === state) return null;
      state = next;
      for (const listener of [...listeners]) listener();
      return next;
    },
  };
}

/** A machine for one component: its current state and `send` (stable across renders). */
export function useMachine<S, E>(transition: Transition<S, E>, initial: () => S): [S, Actor<S, E>['send']] {
  const [actor] = useState(() => createActor(transition, initial()));
  return [useSyncExternalStore(actor.subscribe, actor.get, actor.get), actor.send];
}
