import { Schema, type Connection, type Model } from 'mongoose';
import type { CasesChannel, SettingsRepository } from '../../domain/ports';
import {
  ID_MAX,
  SCHEMA_OPTIONS,
  URL_MAX,
  nullableString,
  requiredDate,
  requiredEnum,
  requiredString,
} from './schema-fields';

/** The settings collection holds one document per setting; today there is only this one. */
export const CASES_CHANNEL_ID = 'cases_channel';

export type CasesChannelDoc = CasesChannel & { _id: typeof CASES_CHANNEL_ID };

export const casesChannelSchema = new Schema<CasesChannelDoc>(
  {
    _id: requiredEnum([CASES_CHANNEL_ID]),
    teamId: nullableString(ID_MAX),
    channelId: requiredString(ID_MAX),
    tenantId: nullableString(ID_MAX),
    serviceUrl: requiredString(URL_MAX),
    botId: requiredString(ID_MAX),
    locale: requiredString(ID_MAX),
    setBy: requiredString(ID_MAX),
    setAt: requiredDate(),
  },
  { ...SCHEMA_OPTIONS, collection: 'settings' },
);

export function buildCasesChannelModel(connection: Connection): Model<CasesChannelDoc> {
  return connection.model<CasesChannelDoc>('CasesChannelSetting', casesChannelSchema);
}

export class MongoSettingsRepository implements SettingsRepository {
  constructor(private readonly model: Model<CasesChannelDoc>) {}

  async getCasesChannel(): Promise<CasesChannel | null> {
    const doc = await this.model.findById(CASES_CHANNEL_ID).lean<CasesChannelDoc>().exec();
    if (!doc) return null;
    const { _id, ...channel } = doc;
    return channel;
  }

  async setCasesChannel(channel: CasesChannel): Promise<void> {
    const doc: CasesChannelDoc = { _id: CASES_CHANNEL_ID, ...channel };
    await this.model.replaceOne({ _id: CASES_CHANNEL_ID }, doc, { upsert: true, runValidators: true }).exec();
  }
}
