import { definePlugin } from '../../core/plugins/define.js';
import { stdoutOptionsSchema, type StdoutOptions } from './options-schema.js';

/**
 * The `stdout` transport: JSON lines on standard output, for piping into other tools and for
 * trying a manifest out.
 */
export default definePlugin<'transport', StdoutOptions>({
  kind: 'transport',
  name: 'stdout',
  version: '0.1.0',
  core: '^0.1.0',
  description: 'Writes each message as one JSON value per line to standard output.',
  optionsSchema: stdoutOptionsSchema,
  async create(context, options) {
    const { createStdoutTransport } = await import('./stdout-transport.js');
    return createStdoutTransport(options, process.stdout, context.log);
  },
});
