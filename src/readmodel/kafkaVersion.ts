/**
 * The Kafka version an image runs, read from its tag: `apache/kafka:4.1.0` gives 4.1.0, and
 * Koperator's `ghcr.io/adobe/koperator/kafka:2.13-3.9.1` (Scala version first) gives 3.9.1.
 * Undefined for tags that name no version (`latest`, a digest alone).
 */
export function kafkaVersionOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= lastSlash) return undefined;
  const tag = withoutDigest.slice(colon + 1);
  const match = /^(?:\d+\.\d+-)?v?(\d+\.\d+\.\d+)(?:$|[-_.+])/.exec(tag);
  return match?.[1];
}
