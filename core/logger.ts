import { pino, type Logger, type LevelWithSilent } from 'pino';

/**
 * Key paths pino blanks out wherever they appear one or two levels deep: a safety net in case
 * options or headers reach a log line. Secret values must still never be logged on purpose.
 */
const redactedPaths = [
  'password',
  'token',
  'apiKey',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  'options',
  '*.options',
];

/** The root logger: JSON lines on stderr, so stdout stays free for records. */
export function createLogger(level: LevelWithSilent, destination = 2): Logger {
  return pino(
    {
      level,
      base: { app: 'stockpoller' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ fd: destination, sync: true }),
  );
}
