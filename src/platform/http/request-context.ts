import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about the caller of the current request; filled in as authentication learns more. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  userId?: string | null;
  sessionId?: string | null;
  role?: string | null;
  practiceId?: string | null;
  /** The client this request reaches only through an open break-glass grant (its events are `emergency`). */
  emergencyClientId?: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** Binds the context for the rest of the current async flow (used from a Fastify onRequest hook). */
export function enterRequestContext(ctx: RequestContext): void {
  storage.enterWith(ctx);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
