import { Inject } from '@nestjs/common';
import { MESSAGING } from './messaging.constants';

/** Injects the whole `Messaging` instance (health, dead letters, queues, publisher, consumer). */
export const InjectMessaging = (): PropertyDecorator & ParameterDecorator => Inject(MESSAGING);
