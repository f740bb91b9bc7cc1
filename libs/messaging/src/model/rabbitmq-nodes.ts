/**
 * The `rabbitmq.url` option from one variable (a service's `RABBITMQ_URL`): one broker, or the
 * nodes of a cluster separated by commas, in the order connections try them. A comma inside a
 * password must be percent-encoded, as any reserved character of a URL.
 */
export function rabbitmqNodes(variable: string): string | string[] {
  const urls = variable
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  return urls.length === 1 ? urls[0]! : urls;
}
