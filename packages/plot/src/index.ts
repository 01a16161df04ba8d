// Public entry of @idyn/plot: re-exports only.
export const PACKAGE_NAME = '@idyn/plot';
