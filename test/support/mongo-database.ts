import mongoose from 'mongoose';

/** The stores expose no database handle (by design), so a test drops its database on its own. */
export async function dropDatabase(mongoUri: string, dbName: string): Promise<void> {
  const connection = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
