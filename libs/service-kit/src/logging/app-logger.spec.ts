import { Writable } from 'node:stream';
import { createAppLogger } from './app-logger';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n') };
}

describe(createAppLogger.name, () => {
  it('redacts authorization headers and masks emails and phones in messages and objects', () => {
    const out = capture();
    const logger = createAppLogger('notifications', 'info', out.stream);
    logger.info({ req: { headers: { authorization: 'Bearer secret-key-123456' } }, to: '+5215512345678' }, 'sending to juana@example.com');
    const [line] = out.lines();
    expect(line).not.toContain('secret-key-123456');
    expect(line).not.toContain('5512345678');
    expect(line).not.toContain('juana@example.com');
    expect(JSON.parse(line)).toMatchObject({ service: 'notifications', msg: 'sending to j***@***.com', to: '+52*********78' });
  });
});
