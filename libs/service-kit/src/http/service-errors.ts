/** How a service's own typed error is answered: its HTTP status and the lines of `message`. */
export interface ServiceErrorAnswer {
  status: number;
  problems: readonly string[];
}

/**
 * Injection token of the service's {@link ServiceErrorMapper}: each service maps its own error
 * classes (exhaustively, by code) and `AppExceptionFilter` does the rest.
 */
export const SERVICE_ERROR_MAPPER = 'tenaz:service-error-mapper';

/** Answers a service's own typed errors; `undefined` for anything else. */
export interface ServiceErrorMapper {
  answer(exception: unknown): ServiceErrorAnswer | undefined;
}
