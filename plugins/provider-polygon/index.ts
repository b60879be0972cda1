import { definePlugin } from '../../core/plugins/define.js';
import { polygonOptionsSchema, type PolygonOptions } from './options-schema.js';

/**
 * The `polygon` provider: US stock quotes and bars from Polygon.io (now Massive). The adapter
 * is imported on create(), keeping manifest validation light.
 */
export default definePlugin<'provider', PolygonOptions>({
  kind: 'provider',
  name: 'polygon',
  version: '0.1.0',
  core: '^0.1.0',
  description:
    'US stock quotes (snapshots, or the previous close on the free plan) and bars from Polygon.io / Massive.',
  optionsSchema: polygonOptionsSchema,
  async create(context, options) {
    const { createPolygonProvider } = await import('./polygon-provider.js');
    return createPolygonProvider(context, options);
  },
});
