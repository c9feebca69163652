import type { EmulatorRequest, EmulatorResponse, Handler } from './http-types.js';

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** Matches method and path against regular expressions; capture groups become params. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** The response of the first matching route, or undefined when no route matches. */
  async dispatch(request: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      const params = match.slice(1).map((part) => decodeURIComponent(part));
      return route.handler(request, params);
    }
    if (pathMatched) {
      // Unsupported method on a known resource: 405 METHOD_NOT_ALLOWED (not in platform-facts;
      // our reading of the REST API status codes, unverified).
      return {
        status: 405,
        json: [
          {
            errorCode: 'METHOD_NOT_ALLOWED',
            message: `HTTP Method '${request.method}' not allowed.`,
          },
        ],
      };
    }
    return undefined;
  }
}
