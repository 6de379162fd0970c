/** True when `<root>/<distDir>/BUILD_ID` is missing or older than any source file. */
export function needsBuild(root: string, distDir?: string): boolean
