// Public entry of @idyn/lifting: re-exports only.
export const PACKAGE_NAME = '@idyn/lifting';
