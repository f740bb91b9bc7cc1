import { Controller, Get, NotFoundException, Param, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DashboardFile, loadDashboardFiles } from './dashboard-files';

/** The part of Express's response the controller uses. */
interface FileResponse {
  setHeader(name: string, value: string): unknown;
  send(body: Buffer): unknown;
}

/**
 * Everything the page loads comes from this server; scripts and styles only from its files. The
 * admin key never leaves the page except in the Authorization header of its own API calls.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Serves the dashboard at `/admin` (the page needs no key; every figure it shows comes from the
 * admin API, which does). Built files are cached for an hour except `index.html`, so a new build
 * is picked up at the next load.
 */
@ApiExcludeController()
@Controller('admin')
export class DashboardController {
  private readonly files = loadDashboardFiles();

  @Get()
  page(@Res() response: FileResponse): void {
    this.send(response, 'index.html', 'no-cache');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: FileResponse): void {
    if (file === 'index.html') {
      throw new NotFoundException();
    }
    this.send(response, file, 'max-age=3600');
  }

  private send(response: FileResponse, name: string, cacheControl: string): void {
    if (this.files.size === 0) {
      throw new ServiceUnavailableException('the dashboard is not built: run npm run build');
    }
    const file: DashboardFile | undefined = this.files.get(name);
    if (!file) {
      throw new NotFoundException();
    }
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Cache-Control', cacheControl);
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.send(file.body);
  }
}
