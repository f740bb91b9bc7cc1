import { StartError } from './start-error';

/** The command line or environment asks for something contradictory (`--embedded` with `DATABASE_URL`). */
export class InvalidStartOptionsError extends StartError {
  override readonly name = 'InvalidStartOptionsError';
  readonly code = 'invalid-start-options' as const;

  constructor(message: string) {
    super(message);
  }
}
