/**
 * What kubectl and Argo CD read differently from the YAML 1.2 parser here. Both turn YAML into JSON with
 * sigs.k8s.io/yaml (a go-yaml v2 fork, YAML 1.1): a plain `on`, `yes` or `n` is a boolean there, so a
 * string field written that way reaches the API server as a boolean, and `0644` is octal (420).
 */

/** The YAML 1.1 booleans that YAML 1.2 reads as strings (go-yaml v2's resolve table; true/false are booleans in both). */
export const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const SAFE_LIMIT = 2 ** 53;

/**
 * Whether an integer is a Go int64. A double near 2^63 stands for many integers (9223372036854775807 and
 * 9223372036854775808 parse to the same one), so there the source digits decide; without them the value
 * is taken as written (2^63 itself is out of range). The source is read only there: finding a scalar's
 * source parses its document again with positions, which costs more than the whole check.
 */
export function int64InRange(value: number, sourceOf: () => string | undefined): boolean {
  if (Math.abs(value) < SAFE_LIMIT) return true;
  const source = sourceOf();
  const digits = source !== undefined && /^[-+]?\d+$/.test(source.trim()) ? BigInt(source.trim()) : undefined;
  if (digits !== undefined) return digits >= INT64_MIN && digits <= INT64_MAX;
  return value >= -(2 ** 63) && value < 2 ** 63;
}

/**
 * The integer a YAML 1.1 reader makes of a plain scalar: `0644` is octal there (420), not 644. Only a
 * value whose decimal digits are all octal digits can have been written that way: the source (a second
 * parse of the document) is read for those only.
 */
export function yaml11Integer(value: number, sourceOf: () => { plain: boolean; text: string } | undefined): number {
  if (!/^[0-7]+$/.test(String(value))) return value;
  const source = sourceOf();
  if (source?.plain && /^0[0-7]+$/.test(source.text)) return Number.parseInt(source.text, 8);
  return value;
}
