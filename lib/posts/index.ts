/** The post domain; previews and author profiles live in lib/previews.ts and lib/authors.ts. */
export * from './model';
export * from './lifecycle';
export * from './schedule';
export type { PostsDataClient } from './data-client';
export { textsNamingImages } from './images';
