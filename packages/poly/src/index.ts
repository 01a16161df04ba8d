// Public entry of @idyn/poly: re-exports only.
export const PACKAGE_NAME = '@idyn/poly';
