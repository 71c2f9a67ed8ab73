type Value = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * Query string for a Cruise Control request. Parameters go in the query for POSTs too; lists are
 * comma-joined (the servlet URL-decodes them once more, so an encoded comma is fine), and a name
 * whose value is undefined is left out so the server's default applies.
 */
export function buildQuery(params: Readonly<Record<string, Value>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.append(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  // Always JSON: without json=true, success and error bodies alike are plain text.
  search.append('json', 'true');
  return search.toString();
}
