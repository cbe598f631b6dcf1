/** The parser's output type; it lives in model/ so the object readers below the parser can name it. */
export type { ParsedResource } from '../model/resource.js';
