import { definePlugin } from '../../core/plugins/define.js';
import { fileOptionsSchema, type FileOptions } from './options-schema.js';

/**
 * The `file` transport: JSON lines appended to a local file, rotated by size, for archives,
 * log shippers and replays.
 */
export default definePlugin<'transport', FileOptions>({
  kind: 'transport',
  name: 'file',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Appends each message as one JSON line to a file, rotated by size.',
  optionsSchema: fileOptionsSchema,
  async create(context, options) {
    const { createFileTransport } = await import('./file-transport.js');
    return createFileTransport(options, context.log);
  },
});
