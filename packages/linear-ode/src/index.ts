// Public entry of @idyn/linear-ode: re-exports only.
export const PACKAGE_NAME = '@idyn/linear-ode';
