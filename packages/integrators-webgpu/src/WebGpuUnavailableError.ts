/**
 * Thrown when no WebGPU adapter can be had: the message says what happened and `missing` lists
 * what the environment lacks (in Node: a GPU with a Vulkan driver, the Vulkan loader
 * libvulkan1; in a browser: WebGPU itself, a secure page, or an allowed adapter). Never replaced
 * by a silent CPU fallback.
 *
 * @example
 * try {
 *   await createWebGpuBackend();
 * } catch (e) {
 *   if (e instanceof WebGpuUnavailableError) console.log(e.missing); // ['a GPU with a Vulkan driver …', …]
 * }
 */
export class WebGpuUnavailableError extends Error {
  /** What the environment lacks, one item per thing to install or enable. */
  readonly missing: readonly string[];

  /**
   * @param what - what happened (e.g. `no WebGPU adapter: …`)
   * @param missing - what is missing, one item each
   */
  constructor(what: string, missing: readonly string[]) {
    super(`${what}; missing: ${missing.join('; ')}`);
    this.name = 'WebGpuUnavailableError';
    this.missing = missing;
  }
}
