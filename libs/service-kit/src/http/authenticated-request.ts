import type { IncomingMessage } from 'node:http';

/** A request that passed {@link ApiKeyGuard}: the tenant its API key is bound to. */
export interface AuthenticatedRequest extends IncomingMessage {
  tenantId: string;
}
