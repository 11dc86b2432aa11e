/** The built admin portal's static files (Vite output), addressed by their path inside the build. */
export interface PortalFile {
  body: Buffer;
  contentType: string;
  /** Content-hashed (Vite's `assets/`): may be cached for ever. */
  immutable: boolean;
}

export interface PortalFiles {
  /** False when the portal has not been built (no `index.html`). */
  isBuilt(): Promise<boolean>;
  /** A file of the build, or undefined. `path` is already checked: relative, no `..`. */
  read(path: string): Promise<PortalFile | undefined>;
}
