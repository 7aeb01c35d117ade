import type { AppEvent } from '../contract/api.js'

export type EventListener = (event: AppEvent) => void

/** Fan-out of contract events to every connected renderer (IPC windows, SSE clients). */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}
