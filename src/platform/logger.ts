import type { Logger } from 'pino';
import pino from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: no code path logs bodies, but if a
 * header or credential ever reaches a log call it is censored.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'confidant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.cookie', 'headers.authorization', '*.password', '*.token', '*.body'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
