/**
 * The composition root: the real adapters behind the ports, chosen from the user's options. The CLI
 * and the action both build their ports here, so they behave the same.
 */
import type { CheckPorts } from './commands/check.js';
import { WasmEngine } from './engine/wasm/wasm-engine.js';
import { EmbeddedShadowServer } from './shadow/embedded.js';
import { UrlShadowServer } from './shadow/server-url.js';
import type { ShadowServer } from './shadow/shadow.js';

export interface ShadowChoice {
  /** A PostgreSQL server URL; without one, an embedded server is started. */
  shadowDatabaseUrl?: string;
  /** How the URL is named in errors. */
  inputName: string;
  log: (line: string) => void;
}

export async function openShadowServer(choice: ShadowChoice): Promise<ShadowServer> {
  if (choice.shadowDatabaseUrl) return new UrlShadowServer(choice.shadowDatabaseUrl, choice.inputName);
  choice.log('No shadow database URL given: starting an embedded PostgreSQL server.');
  return EmbeddedShadowServer.start({ log: choice.log });
}

export function checkPorts(choice: ShadowChoice): CheckPorts {
  return {
    openShadowServer: () => openShadowServer(choice),
    openEngine: ({ databaseUrl, shadowUrl, schema, observer }) => WasmEngine.open({ databaseUrl, shadowUrl, schema, observer }),
  };
}
