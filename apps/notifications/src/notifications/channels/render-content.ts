const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders from `data`; unknown names stay as written so a missing value is
 * visible rather than silently blank. Values are stringified; objects as JSON.
 */
export function renderContent(text: string | null, data: Record<string, unknown> | null): string | null {
  if (text === null || data === null) {
    return text;
  }
  return text.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = data[name];
    if (value === undefined || value === null) {
      return placeholder;
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
