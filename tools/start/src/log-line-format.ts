/** pino's numeric levels, for a readable log line. */
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Nest's start-up chatter (one line per module and route), left out of the compact form. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
/** Fields every line has, left out of the compact form. */
const BOILERPLATE = new Set(['level', 'time', 'service', 'pid', 'hostname', 'msg']);

/**
 * One service's log line for a terminal: `12:00:01 tracking      info  message {fields}`, or
 * undefined for Nest's start-up chatter. The services already mask personal data and redact keys;
 * this only reshapes the line.
 */
export function formatLine(name: string, line: string): string | undefined {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${name.padEnd(13)} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) {
    return `${name.padEnd(13)} ${line}`;
  }
  if (BOOT_CONTEXTS.has(entry['context'] as string)) {
    return undefined;
  }
  const time = new Date((entry['time'] as number | undefined) ?? Date.now()).toTimeString().slice(0, 8);
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !BOILERPLATE.has(key)));
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const level = LEVELS[entry['level'] as number] ?? String(entry['level']);
  return `${time} ${name.padEnd(13)} ${level.padEnd(5)} ${(entry['msg'] as string | undefined) ?? ''}${rest}`;
}
