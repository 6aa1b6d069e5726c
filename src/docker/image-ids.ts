/** One item of GET /images/json. */
export interface ImageListItem {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** Podman's listing adds it (Docker's has no such field): how podman-ness is told here at no extra call. */
  Names?: string[] | null;
}

/**
 * Which of `refs` are present locally, and as which image ID, from a single image list. Refs are matched the way
 * the daemon resolves them: a missing tag means `:latest`, `docker.io/library/` is implied, `name@sha256:...`
 * matches a repo digest, and an image ID (full, `sha256:`-prefixed, or a 12+ character prefix) matches itself.
 */
export function imageIdsFrom(images: ImageListItem[], refs: string[]): Record<string, string> {
  const byTag = new Map<string, string>();
  const byDigest = new Map<string, string>();
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) if (tag !== '<none>:<none>') byTag.set(familiar(tag), image.Id);
    for (const digest of image.RepoDigests ?? []) if (!digest.startsWith('<none>')) byDigest.set(familiar(digest), image.Id);
  }
  // Podman names what it built or loaded `localhost/NAME` and resolves the short NAME to it before any registry.
  for (const image of images.filter((i) => i.Names !== undefined)) {
    for (const tag of image.RepoTags ?? []) {
      if (!tag.startsWith('localhost/')) continue;
      const short = familiar(tag.slice('localhost/'.length));
      if (!byTag.has(short)) byTag.set(short, image.Id);
    }
  }
  const out: Record<string, string> = {};
  for (const ref of refs) {
    const id = lookup(ref);
    if (id) out[ref] = id;
  }
  return out;

  function lookup(ref: string): string | undefined {
    const idLike = /^(sha256:)?([0-9a-f]{12,64})$/.exec(ref);
    if (idLike) {
      const found = images.find((i) => i.Id.replace(/^sha256:/, '').startsWith(idLike[2]!));
      if (found) return found.Id;
    }
    const at = ref.indexOf('@');
    if (at >= 0) {
      // "name:tag@sha256:..." pins the digest; the tag is decoration, as for the daemon.
      const name = stripTag(ref.slice(0, at));
      return byDigest.get(familiar(`${name}${ref.slice(at)}`));
    }
    return byTag.get(familiar(withTag(ref)));
  }
}

/** "registry:5000/app" has no tag; "app:1" and "registry:5000/app:1" have one. */
export function withTag(ref: string): string {
  return hasTag(ref) ? ref : `${ref}:latest`;
}

function hasTag(name: string): boolean {
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  return lastPart.includes(':');
}

function stripTag(name: string): string {
  return hasTag(name) ? name.slice(0, name.lastIndexOf(':')) : name;
}

/** The daemon lists Docker Hub images by their short name: docker.io/library/redis:7 → redis:7. */
function familiar(ref: string): string {
  return ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}
