/** A bad query parameter or filter: answered as a 400 naming it (SPEC §4), a usage error in the CLI. */
export class FilterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message)
  }
}
