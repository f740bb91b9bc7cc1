import type { IncomingMessage } from 'node:http';

/** A request that passed `AdminKeyGuard`: the name of the admin key it carried. */
export interface AdminRequest extends IncomingMessage {
  adminName: string;
}
