import { CreateNotifications1764400000000 } from './1764400000000-CreateNotifications';
import { IndexIdempotencyKeysByAge1764600000000 } from './1764600000000-IndexIdempotencyKeysByAge';

/** Every migration in order, for callers that pass classes rather than a file glob (tests). */
export const NOTIFICATIONS_MIGRATIONS = [CreateNotifications1764400000000, IndexIdempotencyKeysByAge1764600000000];
