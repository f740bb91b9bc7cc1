import { CreateNotifications1764400000000 } from './1764400000000-CreateNotifications';

/** Every migration in order, for callers that pass classes rather than a file glob (tests). */
export const NOTIFICATIONS_MIGRATIONS = [CreateNotifications1764400000000];
