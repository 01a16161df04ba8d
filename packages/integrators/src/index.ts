// Public entry of @idyn/integrators: re-exports only.
export const PACKAGE_NAME = '@idyn/integrators';
