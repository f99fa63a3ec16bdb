/**
 * Line logs for the local stack, each prefixed by its source (`alb`, `cognito`, `web-1`, ...), so
 * that the output of `make dev` reads as one stream. The web service logs pino JSON lines, which are
 * shortened to the time, level, message and a few fields.
 */

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LineWriter = (line: string) => void;

/** pino's numeric levels. */
const PINO_LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** pino fields that are shown elsewhere in the line or only add noise locally. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

/** Creates a logger that writes `HH:MM:SS source level message key=value`. */
export function createLogger(source: string, write: LineWriter = defaultWriter): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(formatLine(source, level, message, fields ?? {}, new Date()));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** Reformats one line of a child process: pino JSON becomes a short line, anything else is kept. */
export function formatChildLine(source: string, line: string): string {
  const record = parseJsonObject(line);
  if (record === undefined) return formatLine(source, '', line, {}, new Date());
  const level = PINO_LEVELS[Number(record.level)] ?? String(record.level ?? '');
  // pino writes epoch milliseconds by default; the web service writes ISO strings.
  const time =
    typeof record.time === 'number' || typeof record.time === 'string'
      ? new Date(record.time)
      : new Date();
  const fields = Object.fromEntries(
    Object.entries(record).filter(([key]) => !HIDDEN_FIELDS.has(key)),
  );
  return formatLine(source, level, String(record.msg ?? ''), fields, time);
}

function formatLine(
  source: string,
  level: string,
  message: string,
  fields: Record<string, unknown>,
  time: Date,
): string {
  const clock = time.toISOString().slice(11, 19);
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${formatValue(value)}`);
  const levelText = level === '' || level === 'info' ? '' : ` ${level.toUpperCase()}`;
  const words = message === '' ? pairs : [message, ...pairs];
  return [`${clock} ${source.padEnd(7)}${levelText}`, ...words].join(' ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function defaultWriter(line: string): void {
  process.stdout.write(`${line}\n`);
}
