import { renderContent } from './render-content';

describe(renderContent.name, () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(renderContent('Hola {{ name }}, tu guía {{trackingNumber}} {{missing}}', { name: 'Ana', trackingNumber: 42 })).toBe(
      'Hola Ana, tu guía 42 {{missing}}',
    );
  });

  it('keeps text without data as it is', () => {
    expect(renderContent('{{x}}', null)).toBe('{{x}}');
    expect(renderContent(null, { x: 1 })).toBeNull();
  });
});
