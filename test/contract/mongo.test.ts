import { randomBytes } from 'node:crypto';
import { openMongoStores } from '../../models/mongo/open-mongo-stores';
import { dropDatabase } from '../support/mongo-database';
import { describeStoreContract } from './store-contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  describeStoreContract('mongo', async () => {
    // a database per test, so tests never see each other's documents and can run in parallel
    const dbName = `mko_test_${randomBytes(6).toString('hex')}`;
    const stores = await openMongoStores(uri, { dbName });
    return {
      stores,
      cleanup: async () => {
        await stores.close();
        await dropDatabase(uri, dbName);
      },
    };
  });
} else {
  console.warn('MongoDB contract suite skipped: set MONGODB_URI to run it against a MongoDB server');
  describe('store contract: mongo', () => {
    it('is skipped without MONGODB_URI', () => {
      expect(process.env.MONGODB_URI ?? '').toBe('');
    });
  });
}
