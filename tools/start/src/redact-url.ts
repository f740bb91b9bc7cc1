/** A connection URL without its password, for messages and logs. */
export function redactUrl(connectionUrl: string): string {
  try {
    const url = new URL(connectionUrl);
    if (url.password) {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
