/**
 * An error the REST API reports. Top-level error bodies are `[{message, errorCode, fields}]`
 * (platform-facts "Errors and limits": error body shape, jsforce `SaveError`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
    /** More keys of the error entry, e.g. `duplicateResult` for DUPLICATES_DETECTED. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ({ message: string; errorCode: string; fields: string[] } & Record<string, unknown>)[] {
    return [
      { ...this.details, message: this.message, errorCode: this.errorCode, fields: this.fields },
    ];
  }
}

/** 404 for an unknown object or record (platform-facts "Errors and limits"). */
export function notFound(message = 'The requested resource does not exist'): ApiError {
  return new ApiError(404, 'NOT_FOUND', message);
}

export function invalidType(objectName: string): ApiError {
  return new ApiError(
    404,
    'NOT_FOUND',
    `The requested resource does not exist: sObject type '${objectName}' is not supported.`,
  );
}
