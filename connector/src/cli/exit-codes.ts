/** Exit codes of every `sfwp` command (documented in docs/OPERATIONS.md). */
export const EXIT_CODES = {
  /** Done; for `status`, the connector is healthy. */
  ok: 0,
  /** The command ran and failed, or the connector is not healthy. */
  failure: 1,
  /** Wrong command line or configuration. */
  usage: 2,
  /** `status`: no connector answered, or it refused the token. */
  unreachable: 3,
} as const;
