'use strict';

/**
 * The ceiling for `POST /notifications`: a bare NestJS endpoint that parses the JSON body and does
 * one INSERT, nothing else (no auth, validation, idempotency, outbox message or logging). Run as
 * a child process by notifications.bench.js with DATABASE_URL and PORT; prints its port as JSON.
 * Plain JavaScript, so decorators are applied by hand.
 */
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const { Body, Controller, HttpCode, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Pool } = require('pg');

// The same pool size as the service's TypeORM pool (DATABASE_POOL_SIZE default 20).
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });

class CeilingController {
  async create(body) {
    const id = randomUUID();
    // $1 uuid id, $2 jsonb the request body, as the service stores a notification's fields.
    await pool.query('INSERT INTO ceiling_notifications (id, body) VALUES ($1, $2)', [id, body]);
    return { id, status: 'queued' };
  }
}
Controller('notifications')(CeilingController);
Body()(CeilingController.prototype, 'create', 0);
Reflect.decorate([Post(), HttpCode(202)], CeilingController.prototype, 'create', Object.getOwnPropertyDescriptor(CeilingController.prototype, 'create'));

class CeilingModule {}
Module({ controllers: [CeilingController] })(CeilingModule);

async function main() {
  const app = await NestFactory.create(CeilingModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: app.getHttpServer().address().port })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
