/**
 * The last `capacity` items pushed, oldest first, in O(1) per push: once full, each push overwrites the
 * oldest slot instead of copying the whole list.
 */
export class RingBuffer<T> {
  #items: T[] = [];
  // Index of the oldest item once the buffer is full.
  #start = 0;
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(item: T): void {
    if (this.#items.length < this.#capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.#capacity;
  }

  /** A copy, oldest first. */
  toArray(): T[] {
    return [...this.#items.slice(this.#start), ...this.#items.slice(0, this.#start)];
  }

  clear(): void {
    this.#items = [];
    this.#start = 0;
  }
}
