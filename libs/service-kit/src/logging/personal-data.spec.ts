import { maskEmail, maskPersonalData, maskPersonalDataDeep, maskPhone, maskRecipient } from './personal-data';

describe('personal data masking', () => {
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

  it('masks nested strings and error messages', () => {
    const masked = JSON.stringify(maskPersonalDataDeep({ a: { b: ['x +5215512345678'] }, err: new Error('bad juana@example.com') }));
    expect(masked).not.toMatch(/5512345678|juana@/);
  });

  it('cuts push tokens', () => {
    expect(maskRecipient('push', 'fcm-token-abcdefghijklmnopqrstuvwxyz')).toBe('fcm-***');
  });
});
