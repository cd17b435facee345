import pino, { type Logger } from 'pino';

/**
 * Structured logs, one line per turn, outbox send and job run. Handlers never log names, texts or
 * card values; the redaction below is a second line of defence for fields that must never appear.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'mko-bot' },
      redact: {
        paths: ['text', 'value', 'payload', 'request', 'data', '*.text', '*.value', '*.payload', '*.request', '*.data'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
