// A small structured logger: one JSON object per line. Injected, so tests can collect lines.

export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createJsonLogger(level: LogLevel, write: (line: string) => void = console.log): Logger {
  const threshold = logLevels.indexOf(level);
  const emit =
    (at: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      if (logLevels.indexOf(at) < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields }));
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
