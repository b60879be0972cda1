/**
 * A transport plugin that only counts what it is given: the benchmarks' sink, loaded through
 * the manifest's `plugins:` list like any third-party plugin.
 */
import { definePlugin } from '../core/plugins/define.js';
import type { TransportInstance } from '../core/plugins/types.js';

/** The instance, with the number of envelopes it was handed. */
export interface CountingTransport extends TransportInstance {
  readonly count: () => number;
}

export default definePlugin<'transport', Record<string, never>>({
  kind: 'transport',
  name: 'bench-null',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Counts envelopes and drops them (benchmarks only).',
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  create(): CountingTransport {
    let received = 0;
    return {
      count: () => received,
      publish(envelopes) {
        received += envelopes.length;
        return Promise.resolve(envelopes.map((e) => ({ id: e.id, delivered: true as const })));
      },
    };
  },
});
