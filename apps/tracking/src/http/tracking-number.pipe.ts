import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { TRACKING_NUMBER_PATTERN, TRACKING_NUMBER_RULE } from '../shipments/shipment-rules';

/** The `:trackingNumber` path parameter: a malformed one is a 400 naming it, not a 404. */
@Injectable()
export class TrackingNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!TRACKING_NUMBER_PATTERN.test(value)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [`trackingNumber: ${TRACKING_NUMBER_RULE}`] });
    }
    return value;
  }
}
