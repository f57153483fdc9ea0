import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../cognito/persistence';
import type { LifecycleRule } from './settings';

/** What S3 keeps about an object besides its bytes. */
export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: the MD5 of the bytes, or of the parts' MD5s plus `-<parts>` after a multipart upload. */
  etag: string;
  lastModified: number;
  /** content-type, cache-control, content-disposition, content-encoding and x-amz-meta-* as stored. */
  headers: Record<string, string>;
  /** The file holding the bytes: written before this record, so the record never names a half-written one. */
  file: string;
}

interface UploadMeta {
  uploadId: string;
  key: string;
  headers: Record<string, string>;
  initiated: number;
}

export interface PartMeta {
  partNumber: number;
  etag: string;
  size: number;
  file: string;
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();
const fileId = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new file name for some bytes: never the name of bytes a record already points at. */
const freshName = (stem: string) => `${stem}.${randomBytes(6).toString('hex')}`;

/**
 * One bucket's objects on disk under `<data>/s3/<bucket>`: each object's bytes in a file of their
 * own, then a JSON record naming that file and its size, each written atomically and the record
 * last, so a crash leaves the old object or the new one, never a mix; multipart uploads keep their
 * parts the same way until completed or aborted. An in-memory index answers listings.
 */
export class BucketStore {
  private readonly index = new Map<string, ObjectMeta>();
  private readonly objects: string;
  private readonly uploads: string;

  constructor(directory: string) {
    this.objects = join(directory, 'objects');
    this.uploads = join(directory, 'uploads');
    mkdirSync(this.objects, { recursive: true });
    mkdirSync(this.uploads, { recursive: true });
    const names = readdirSync(this.objects);
    const referenced = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const meta = JSON.parse(readFileSync(join(this.objects, name), 'utf8')) as ObjectMeta;
      const bytes = join(this.objects, meta.file);
      if (existsSync(bytes) && statSync(bytes).size === meta.size) {
        this.index.set(meta.key, meta);
        referenced.add(meta.file);
      }
    }
    // Bytes a crash left without a record (or replaced ones not yet removed) are garbage.
    for (const name of names) if (!name.endsWith('.json') && !name.endsWith('.tmp') && !referenced.has(name)) rmSync(join(this.objects, name), { force: true });
  }

  head(key: string): ObjectMeta | undefined {
    return this.index.get(key);
  }

  read(key: string): { meta: ObjectMeta; bytes: Buffer } | undefined {
    const meta = this.index.get(key);
    if (!meta) return undefined;
    return { meta, bytes: readFileSync(join(this.objects, meta.file)) };
  }

  put(key: string, bytes: Buffer, headers: Record<string, string>, etag = `"${md5(bytes).toString('hex')}"`): ObjectMeta {
    const id = fileId(key);
    const meta: ObjectMeta = { key, size: bytes.length, etag, lastModified: Date.now(), headers, file: freshName(id) };
    writeFileAtomic(join(this.objects, meta.file), bytes);
    writeFileAtomic(join(this.objects, `${id}.json`), JSON.stringify(meta));
    const previous = this.index.get(key);
    this.index.set(key, meta);
    if (previous) rmSync(join(this.objects, previous.file), { force: true });
    return meta;
  }

  delete(key: string): void {
    const previous = this.index.get(key);
    rmSync(join(this.objects, `${fileId(key)}.json`), { force: true });
    this.index.delete(key);
    if (previous) rmSync(join(this.objects, previous.file), { force: true });
  }

  /** Every key in order (S3 lists in UTF-8 binary order). */
  keys(): string[] {
    return [...this.index.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  createUpload(key: string, headers: Record<string, string>): string {
    const uploadId = randomBytes(24).toString('base64url');
    const meta: UploadMeta = { uploadId, key, headers, initiated: Date.now() };
    mkdirSync(join(this.uploads, uploadId), { recursive: true });
    writeFileAtomic(join(this.uploads, uploadId, 'upload.json'), JSON.stringify(meta));
    return uploadId;
  }

  upload(uploadId: string, key: string): UploadMeta | undefined {
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) return undefined;
    const file = join(this.uploads, uploadId, 'upload.json');
    if (!existsSync(file)) return undefined;
    const meta = JSON.parse(readFileSync(file, 'utf8')) as UploadMeta;
    return meta.key === key ? meta : undefined;
  }

  putPart(uploadId: string, partNumber: number, bytes: Buffer): PartMeta {
    const part: PartMeta = { partNumber, etag: `"${md5(bytes).toString('hex')}"`, size: bytes.length, file: freshName(`part-${partNumber}`) };
    const record = join(this.uploads, uploadId, `part-${partNumber}.json`);
    const previous = existsSync(record) ? (JSON.parse(readFileSync(record, 'utf8')) as PartMeta) : undefined;
    writeFileAtomic(join(this.uploads, uploadId, part.file), bytes);
    writeFileAtomic(record, JSON.stringify(part));
    if (previous) rmSync(join(this.uploads, uploadId, previous.file), { force: true });
    return part;
  }

  parts(uploadId: string): PartMeta[] {
    return readdirSync(join(this.uploads, uploadId))
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(join(this.uploads, uploadId, name), 'utf8')) as PartMeta)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Joins the chosen parts into the object; S3's multipart ETag is the MD5 of the parts' MD5s, then `-<count>`. */
  complete(upload: UploadMeta, chosen: PartMeta[]): ObjectMeta {
    const bytes = Buffer.concat(chosen.map((part) => readFileSync(join(this.uploads, upload.uploadId, part.file))));
    const digests = Buffer.concat(chosen.map((part) => Buffer.from(part.etag.replace(/"/g, ''), 'hex')));
    const meta = this.put(upload.key, bytes, upload.headers, `"${md5(digests).toString('hex')}-${chosen.length}"`);
    this.abort(upload.uploadId);
    return meta;
  }

  abort(uploadId: string): void {
    rmSync(join(this.uploads, uploadId), { recursive: true, force: true });
  }

  /**
   * Applies lifecycle rules as of `now`: deletes objects under a rule's prefix older than its
   * expiration, aborts multipart uploads started longer ago than its limit. Returns what it did.
   */
  applyLifecycle(rules: readonly LifecycleRule[], now = Date.now()): { expired: string[]; aborted: string[] } {
    const day = 24 * 60 * 60 * 1000;
    const expired: string[] = [];
    const aborted: string[] = [];
    for (const rule of rules) {
      if (rule.expirationDays !== undefined) {
        for (const meta of [...this.index.values()]) {
          if (meta.key.startsWith(rule.prefix) && now - meta.lastModified >= rule.expirationDays * day) {
            this.delete(meta.key);
            expired.push(meta.key);
          }
        }
      }
      if (rule.abortMultipartDays !== undefined) {
        for (const uploadId of readdirSync(this.uploads)) {
          const file = join(this.uploads, uploadId, 'upload.json');
          if (!existsSync(file)) continue;
          const upload = JSON.parse(readFileSync(file, 'utf8')) as UploadMeta;
          if (upload.key.startsWith(rule.prefix) && now - upload.initiated >= rule.abortMultipartDays * day) {
            this.abort(uploadId);
            aborted.push(upload.key);
          }
        }
      }
    }
    return { expired, aborted };
  }
}
