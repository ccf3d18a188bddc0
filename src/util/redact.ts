/**
 * The one redaction helper: everything printed, posted or returned as JSON passes through it.
 * Passwords in connection strings are replaced, and any registered secret (a token, a whole URL
 * given as an input) is masked wherever it appears.
 */
const registered = new Set<string>();

/** Remembers a secret so that later output masks it too. Short strings are ignored (too noisy). */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 4) return;
  registered.add(secret);
  const password = passwordOf(secret);
  if (password && password.length >= 3) registered.add(password);
}

/** A URL's password as written (percent-encoded, if it is), or undefined. */
export function rawPasswordOf(url: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/?#\s]*)@/i.exec(url)?.[1] || undefined;
}

/** A URL's password, decoded. */
export function passwordOf(url: string): string | undefined {
  const raw = rawPasswordOf(url);
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, in any text. */
export function redactUrls(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s'"`]*):([^@\s'"`]*)@/gi, '$1:***@')
    .replace(/([?&](?:password|sslpassword|pass)=)[^&\s'"`]*/gi, '$1***');
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so that a whole URL is masked before its password alone.
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return redactUrls(out);
}

/** Deep-redacts every string in a JSON-able value. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactValue(item);
    return out as T;
  }
  return value;
}
