import { createEnvelope } from './envelope.js';
import { toIsoUtc } from './time.js';
import type { Envelope, Heartbeat } from './types.js';

/** What {@link createHeartbeatEnvelope} needs: the pipeline's market state at one instant. */
export interface HeartbeatInput {
  readonly pipeline: string;
  readonly exchange: Heartbeat['exchange'];
  readonly phase: Heartbeat['phase'];
  /** When the next session the pipeline polls in opens (epoch ms), or null if none is known. */
  readonly nextOpenMs: number | null;
  /** When the heartbeat is sent (epoch ms); also its `fetchedAt`. */
  readonly nowMs: number;
}

/**
 * The envelope of one heartbeat. Its id is deterministic like every other (the same pipeline,
 * state and instant always give the same id), and two pipelines never share one because the
 * record names its pipeline.
 */
export function createHeartbeatEnvelope(input: HeartbeatInput): Envelope<Heartbeat> {
  const record: Heartbeat = {
    pipeline: input.pipeline,
    exchange: input.exchange,
    phase: input.phase,
    nextOpen: input.nextOpenMs === null ? null : toIsoUtc(input.nextOpenMs),
    timestamp: toIsoUtc(input.nowMs),
  };
  return createEnvelope({
    schema: 'stockpoller.heartbeat',
    record,
    pipeline: input.pipeline,
    fetchedAt: input.nowMs,
  });
}
