/** Admins with a role create and edit users of their role only, whatever the body says. */
export function withRole(body: unknown, role: string): unknown {
  if (role === '' || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...(body as Record<string, unknown>), role };
}
