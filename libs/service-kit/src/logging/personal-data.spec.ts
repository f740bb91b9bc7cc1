import { maskEmail, maskPersonalData, maskPersonalDataDeep, maskPhone, maskRecipient } from './personal-data';

describe(maskPersonalData.name, () => {
  it('masks an email to its first letter and top-level domain', () => {
    expect(maskEmail('juana.perez@example.com.mx')).toBe('j***@***.mx');
  });

  it('masks a phone to its prefix and last two digits', () => {
    expect(maskPhone('+5215512345678')).toBe('+52*********78');
  });

  it('masks emails and phones inside free text and leaves ids alone', () => {
    const text = 'to juana@example.com and +52 155 1234 5678 or 5512345678, id 7d0c1a52-33b1-4c8e-9f3e-446655440000';
    const masked = maskPersonalData(text);
    expect(masked).not.toMatch(/juana|1234 5678|5512345678/);
    expect(masked).toContain('7d0c1a52-33b1-4c8e-9f3e-446655440000');
  });

  it('masks numbers written with parentheses, dots or spaces', () => {
    for (const written of [
      '(55) 1234-5678',
      '55.1234.5678',
      '+52 55 1234 5678',
      '+52 (55) 1234 5678',
      '55 1234 5678',
      '55-1234-5678',
      '(555) 123-4567',
    ]) {
      const masked = maskPersonalData(`call ${written} now`);
      expect({ written, masked }).toEqual({ written, masked: expect.not.stringMatching(/1234|123-4567|5678/) });
      expect(masked).toMatch(/^call .*\*{4,}.* now$/);
    }
  });

  it('leaves timestamps, dates, times, IP addresses, durations and ids alone', () => {
    const text = [
      '2025-11-28T09:10:00.000Z',
      '2025-11-28 09:10:00',
      'at 09:10:00-06:00',
      'from 192.168.100.200',
      'took 1234 ms',
      'id 7d0c1a52-33b1-4c8e-9f3e-446655440000',
      'TN-2025-0001',
      'evt-1234-5678',
      'version 10.4.0',
      'ratio 0.1234',
    ].join(' | ');
    expect(maskPersonalData(text)).toBe(text);
  });

  it('masks nested strings and error messages', () => {
    const masked = JSON.stringify(maskPersonalDataDeep({ a: { b: ['x +5215512345678'] }, err: new Error('bad juana@example.com') }));
    expect(masked).not.toMatch(/5512345678|juana@/);
  });

  it('cuts push tokens', () => {
    expect(maskRecipient('push', 'fcm-token-abcdefghijklmnopqrstuvwxyz')).toBe('fcm-***');
  });
});
