// Public entry of @idyn/integrators-gpu: re-exports only.
export const PACKAGE_NAME = '@idyn/integrators-gpu';
