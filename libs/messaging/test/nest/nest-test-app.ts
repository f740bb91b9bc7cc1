import type { LoggerService, ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import type { Client } from 'pg';
import type { MessagingOptions, QueueOptions } from '../../src';
import { quietLogger } from '../helpers/quiet-logger';
import type { TestSchema } from '../helpers/postgres-schema';

/** A Nest logger that keeps lines instead of printing them, so tests stay quiet yet can assert on them. */
export function capturingNestLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: unknown) => void lines.push(`${level}: ${String(message)}`);
  return { lines, log: keep('log'), error: keep('error'), warn: keep('warn'), debug: keep('debug'), verbose: keep('verbose') };
}

/** Compiles a testing module (creating every provider, messaging included) without running lifecycle hooks yet. */
export async function compileNestApp(metadata: ModuleMetadata, logger: LoggerService = capturingNestLogger()): Promise<TestingModule> {
  return Test.createTestingModule(metadata).setLogger(logger).compile();
}

/** `createMessaging` options for a test schema, with a quiet library logger and a unique instance id. */
export function messagingOptionsFor(schema: TestSchema, queues: Record<string, QueueOptions>, instanceId: string): MessagingOptions {
  return { postgres: { connectionString: schema.connectionString, schema: schema.schema }, queues, instanceId, logger: quietLogger() };
}

/** How many connections a messaging instance (by its instance id) holds open right now. */
export async function openConnections(sql: Client, instanceId: string): Promise<number> {
  const { rows } = await sql.query<{ count: number }>('SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1', [
    `tenaz:${instanceId}`,
  ]);
  return rows[0].count;
}

/**
 * A published message's state, read straight from the library's table: its row's status and
 * attempts while it waits or is held, `acknowledged` once its ack deleted the row. Only for ids the
 * test published (an id never stored reads as acknowledged too).
 */
export async function messageState(schema: TestSchema, id: string): Promise<{ status: string; attempts: number } | 'acknowledged'> {
  const { rows } = await schema.sql.query<{ status: string; attempts: number }>(
    `SELECT status, attempts FROM ${schema.table('reliable_messages')} WHERE id = $1`,
    [id],
  );
  return rows[0] ?? 'acknowledged';
}

/** The status of a published message's row (`pending`, `processing`, `failed`), or `acknowledged` once deleted. */
export async function messageStatus(schema: TestSchema, id: string): Promise<string> {
  const state = await messageState(schema, id);
  return state === 'acknowledged' ? state : state.status;
}
