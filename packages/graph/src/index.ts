// Public entry of @idyn/graph: re-exports only.
export const PACKAGE_NAME = '@idyn/graph';
