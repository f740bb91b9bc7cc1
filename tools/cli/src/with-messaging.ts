import {
  createMessaging,
  InvalidConfigurationError,
  Messaging,
  MessagingError,
  MessagingOptions,
  UnknownQueueError,
} from '@tenaz/messaging';
import { withoutPassword } from './cli-config';
import { CliError, EXIT } from './exit-codes';

/**
 * Opens messaging, runs `work`, always closes. A store or broker that cannot be reached becomes
 * exit 3 with its reason, the connection strings' passwords replaced by `***`.
 */
export async function withMessaging<T>(options: MessagingOptions, work: (messaging: Messaging) => Promise<T>): Promise<T> {
  const secrets = [options.postgres?.connectionString, ...[options.rabbitmq?.url ?? []].flat()];
  let messaging: Messaging;
  try {
    messaging = await createMessaging(options);
  } catch (error) {
    // A configuration the library refuses (a malformed RabbitMQ URL) is the operator's to fix, like a bad option.
    if (error instanceof InvalidConfigurationError || (error as MessagingError).kind === 'bad-input') {
      throw new CliError(withoutPassword((error as Error).message, secrets), EXIT.usage);
    }
    throw new CliError(`cannot connect: ${withoutPassword((error as Error).message, secrets)}`, EXIT.unavailable);
  }
  try {
    return await work(messaging);
  } catch (error) {
    if (error instanceof UnknownQueueError) {
      throw new CliError(error.message, EXIT.notFound);
    }
    if (error instanceof MessagingError) {
      throw new CliError(
        withoutPassword(error.message, secrets),
        error.kind === 'bad-input' ? EXIT.usage : error.kind === 'unavailable' ? EXIT.unavailable : EXIT.failure,
      );
    }
    if ((error as { code?: string }).code === '42P01') {
      throw new CliError(
        `no Tenaz tables in schema "${options.postgres?.schema ?? 'tenaz'}" of that database (check DATABASE_URL and TENAZ_SCHEMA)`,
        EXIT.notFound,
      );
    }
    throw error;
  } finally {
    await messaging.close().catch(() => undefined);
  }
}
