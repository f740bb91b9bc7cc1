/**
 * Whether PostgreSQL refused a statement for the data in it (SQLSTATE class 22, data exception:
 * bad encoding, a value out of range or too long; class 23, a constraint), which another try with
 * other rows can pass, rather than for the connection or the server, which it cannot.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
