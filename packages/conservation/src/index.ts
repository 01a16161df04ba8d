// Public entry of @idyn/conservation: re-exports only.
export const PACKAGE_NAME = '@idyn/conservation';
