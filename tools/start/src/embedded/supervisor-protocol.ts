/** What `npm start` asks the supervisor to run: the first message on the IPC channel. */
export interface SupervisorRequest {
  dataDirectory: string;
  logFile: string;
  password: string;
  port: number;
  /** True for a new cluster: run `initdb` first. */
  initialise: boolean;
  /** How long `initdb` plus the start may take before the supervisor gives up. */
  startTimeoutMs: number;
}

/** What the supervisor tells `npm start` over the IPC channel. */
export type SupervisorMessage =
  { type: 'ready'; version: string } | { type: 'failed'; failure: 'server-failed' | 'timed-out'; message: string };
