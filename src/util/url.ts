/** Whether `text` starts like a URL (`scheme://`): a server URL where a source name (`docker`, `local`) could also stand. */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}
