import type { MessagingOptions } from '@tenaz/messaging';

/** What every command gets from the program's own options. */
export interface GlobalOptions {
  json: boolean;
  messaging: MessagingOptions;
}
