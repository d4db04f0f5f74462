import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * The API description is not secret: its routes are public. Called before the authentication plugin so
 * its onRoute hook sees them as public too (the route table and the per-request session check).
 */
export function markApiDocsPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url === '/api/docs' || route.url.startsWith('/api/docs/')) route.config = { ...(route.config ?? {}), public: true };
  });
}

/** OpenAPI 3 generated from the zod schemas each route declares: one schema, three uses. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Confidant API',
        version: '0.1.0',
        description: 'Clinical records, client portal and compliance controls for mental-health practices. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: '__Host-confidant_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The UI's own policy, narrowed: no framing, no third-party validator, no https: wildcard.
    transformStaticCSP: (header: string) =>
      header
        .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'")
        .replace(/ validator\.swagger\.io/g, '')
        .replace(/ https:/g, ''),
    uiConfig: { validatorUrl: null },
  });
}
