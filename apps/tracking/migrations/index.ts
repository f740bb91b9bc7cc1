import { CreateTracking1764500000000 } from './1764500000000-CreateTracking';

/** Every migration in order, for callers that pass classes rather than a file glob (tests). */
export const TRACKING_MIGRATIONS = [CreateTracking1764500000000];
