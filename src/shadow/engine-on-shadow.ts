import type { Engine } from '../engine/engine.js';
import type { ShadowDatabase, ShadowServer } from './shadow.js';
import { handledLater, orUndefined } from '../util/promises.js';

/**
 * Creates a shadow database on `server` and opens an engine meanwhile: `open` gets the database
 * while it is still being created, so an engine can start (load, read the schema, prepare a replay)
 * before it exists. Runs `work` with the engine, then closes the engine and drops the database,
 * whatever happened. A database that could not be created is the error reported, whatever its
 * absence made the engine or `work` fail with.
 */
export async function withEngineOnNewShadow<T>(
  server: ShadowServer,
  open: (shadow: Promise<ShadowDatabase>) => Promise<Engine>,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const creating = server.createDatabase();
  handledLater(creating); // awaited below; this only keeps a rejection from going unhandled meanwhile
  const opening = open(creating);
  handledLater(opening); // the same
  try {
    // A shadow database that cannot be created fails at once, whatever the engine is doing.
    return await work(await Promise.race([opening, creating.then(() => opening)]));
  } catch (error) {
    await creating;
    throw error;
  } finally {
    await (await orUndefined(opening))?.close();
    const database = await orUndefined(creating);
    if (database) await server.dropDatabase(database);
  }
}
