/**
 * The ceiling for `POST /notifications`: a bare NestJS endpoint that parses the JSON body and does
 * one INSERT, nothing else (no auth, validation, idempotency, outbox message or logging). Run as
 * a child process by the services' benchmarks with DATABASE_URL and PORT; prints its port as JSON.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';

// The same pool size as the service's TypeORM pool (DATABASE_POOL_SIZE default 20).
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 20 });

@Controller('notifications')
class CeilingController {
  @Post()
  @HttpCode(202)
  async create(@Body() body: unknown) {
    const id = randomUUID();
    // $1 uuid id, $2 jsonb the request body, as the service stores a notification's fields.
    await pool.query('INSERT INTO ceiling_notifications (id, body) VALUES ($1, $2)', [id, body]);
    return { id, status: 'queued' };
  }
}

@Module({ controllers: [CeilingController] })
class CeilingModule {}

async function main() {
  const app = await NestFactory.create(CeilingModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: (app.getHttpServer().address() as AddressInfo).port })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
