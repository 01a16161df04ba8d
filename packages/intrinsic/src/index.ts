// Public entry of @idyn/intrinsic: re-exports only.
export const PACKAGE_NAME = '@idyn/intrinsic';
