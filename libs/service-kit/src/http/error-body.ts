import { HttpStatus } from '@nestjs/common';

/** The error body every endpoint answers with: the status, its name and each problem. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[];
}

/** `{ statusCode, error: 'Too Many Requests', message }` for a status and its problems. */
export function errorBody(statusCode: number, message: string[]): ErrorBody {
  const error = (HttpStatus[statusCode] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
  return { statusCode, error, message };
}
