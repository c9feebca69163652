/**
 * The REST data API behind authentication: builds the routes and turns thrown ApiErrors into
 * Salesforce-shaped error responses. Also serves composite subrequests.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';
import { Router } from '../http/router.js';
import { versionResources } from './api-versions.js';
import { addCompositeRoute } from './composite-routes.js';
import { addCompositeSObjectRoutes } from './composite-sobjects-routes.js';
import { addCompositeTreeRoute } from './composite-tree-route.js';
import { addEventSchemaRoutes } from './event-schema-routes.js';
import { addLimitsRoute } from './limits-route.js';
import { addQueryRoutes } from './query-routes.js';
import { addReplicationRoutes } from './replication-routes.js';
import type { AuthenticatedRequest, RestContext } from './rest-context.js';
import { addSObjectRoutes } from './sobject-routes.js';
import {
  checkHeaders,
  checkParameters,
  noSuchResource,
  notSupported,
  unsupportedResource,
} from './unsupported.js';

const DATA_PATH = /^\/services\/data\/v\d+\.\d+(\/.*)?$/;

export function errorResponse(error: ApiError): EmulatorResponse {
  return jsonResponse(error.status, error.toBody());
}

export class RestApi {
  private readonly router = new Router();

  constructor(
    private readonly context: RestContext,
    now: () => number = Date.now,
  ) {
    this.router.add('GET', /^\/services\/data\/v(\d+\.\d+)\/?$/, (_request, [version = '']) =>
      jsonResponse(200, versionResources(version)),
    );
    // Before the sObject routes: `/sobjects/{T}/updated` would otherwise read as a record id.
    addReplicationRoutes(this.router, context, now);
    addEventSchemaRoutes(this.router, context);
    addSObjectRoutes(this.router, context);
    addQueryRoutes(this.router, context);
    addCompositeSObjectRoutes(this.router, context);
    addCompositeTreeRoute(this.router, context);
    addCompositeRoute(this.router, context, (request) => this.handle(request));
    addLimitsRoute(this.router, context);
  }

  /** Serves an authenticated request; never throws ApiError. */
  async handle(request: EmulatorRequest | AuthenticatedRequest): Promise<EmulatorResponse> {
    try {
      const relativePath = DATA_PATH.exec(request.path)?.[1] ?? '/';
      const unsupported = unsupportedResource(this.context.org.schema, relativePath);
      if (unsupported !== undefined) throw notSupported(unsupported);
      checkParameters(request.method, relativePath, request.query);
      checkHeaders(request.headers);
      const response = await this.router.dispatch(request);
      if (!response) throw noSuchResource(request.method, request.path);
      return response;
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      throw error;
    }
  }
}
