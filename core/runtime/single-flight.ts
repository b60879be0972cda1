/** How the caller that started a flight settles it for every caller that joined. */
export interface FlightLead<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/** A flight taken by {@link SingleFlight.take}: `lead` is set only for the caller that started it. */
export interface Flight<T> {
  readonly promise: Promise<T>;
  readonly lead?: FlightLead<T>;
}

/**
 * In-process coalescing of identical work: while a flight for a key is in the air, every
 * other caller asking for that key waits for it instead of starting its own. A flight lands
 * (and the key is free again) as soon as its lead settles it; nothing is kept afterwards.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Keys of the flights in the air, for tests and diagnostics. */
  get size(): number {
    return this.flights.size;
  }

  /**
   * Joins the flight of `key`, or starts one: then `lead` is returned and the caller must
   * settle it, exactly once (later calls are ignored), or every joiner waits forever.
   */
  take(key: string): Flight<T> {
    const inFlight = this.flights.get(key);
    if (inFlight !== undefined) return { promise: inFlight };

    let settle: FlightLead<T> | undefined;
    const promise = new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A failed flight reaches whoever awaits it; meanwhile it must not count as unhandled.
    promise.catch(() => undefined);
    this.flights.set(key, promise);

    let landed = false;
    const land = (): boolean => {
      if (landed) return false;
      landed = true;
      this.flights.delete(key);
      return true;
    };
    const { resolve, reject } = settle as FlightLead<T>;
    const lead: FlightLead<T> = {
      resolve: (value) => {
        if (land()) resolve(value);
      },
      reject: (error) => {
        if (land()) reject(error);
      },
    };
    return { promise, lead };
  }

  /** Runs `work` as the flight of `key`, or joins the one already in the air. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const flight = this.take(key);
    if (flight.lead !== undefined) {
      const { lead } = flight;
      try {
        void work().then(lead.resolve, lead.reject);
      } catch (error) {
        lead.reject(error);
      }
    }
    return flight.promise;
  }
}
