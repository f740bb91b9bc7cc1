import { CHANNELS, Channel } from '@tenaz/contracts';
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../../config/notifications.config';
import type { ChannelProvider } from './channel.interface';
import { DevSinkChannel } from './dev-sink.channel';
import { EmailChannel } from './email.channel';
import { PushChannel } from './push.channel';
import { SmsChannel } from './sms.channel';
import { WhatsappChannel } from './whatsapp.channel';

/** Injection token of the {@link ChannelProviders}. */
export const CHANNEL_PROVIDERS = Symbol('CHANNEL_PROVIDERS');

/** The provider of each channel, chosen once from configuration. */
export class ChannelProviders {
  constructor(private readonly providers: Readonly<Record<Channel, ChannelProvider>>) {}

  /** Builds each channel's provider; channels with no provider configured get the development sink. */
  static fromConfig(config: NotificationsConfig, logger: Logger): ChannelProviders {
    const sink = new DevSinkChannel(logger);
    const timeoutMs = config.providerTimeoutMs;
    const http = config.httpProviders;
    return new ChannelProviders({
      email: config.smtp ? new EmailChannel(config.smtp.url, config.smtp.from, timeoutMs) : sink,
      sms: http.sms ? new SmsChannel(http.sms, timeoutMs) : sink,
      whatsapp: http.whatsapp ? new WhatsappChannel(http.whatsapp, timeoutMs) : sink,
      push: http.push ? new PushChannel(http.push, timeoutMs) : sink,
    });
  }

  for(channel: Channel): ChannelProvider {
    return this.providers[channel];
  }

  async close(): Promise<void> {
    await Promise.all([...new Set(CHANNELS.map((channel) => this.providers[channel]))].map((provider) => provider.close?.()));
  }
}
