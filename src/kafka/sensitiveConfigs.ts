/**
 * Which broker configs hold secrets. Kafka marks a config sensitive when its ConfigDef type is
 * PASSWORD (KafkaConfig.maybeSensitive), and DescribeConfigs then answers null for its value.
 * These are the PASSWORD configs of the broker (KafkaConfig, SslConfigs, SaslConfigs,
 * PasswordEncoderConfigs, DelegationTokenManagerConfigs); they may also be set for one listener
 * as `listener.name.<listener>.<name>` (and `listener.name.<listener>.<mechanism>.sasl.jaas.config`).
 */
const PASSWORD_CONFIGS = new Set([
  'ssl.key.password',
  'ssl.keystore.password',
  'ssl.truststore.password',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.truststore.certificates',
  'sasl.jaas.config',
  'password.encoder.secret',
  'password.encoder.old.secret',
  'delegation.token.master.key',
  'delegation.token.secret.key',
]);

/** Names Kafka does not know are typed as nothing and also reported sensitive; these words catch the secrets among them. */
const SECRET_WORDS = /password|secret|credential|jaas/i;

/** True when the value must never leave the server (the API answers null for it). */
export function isSensitiveConfig(name: string): boolean {
  const unprefixed = name.replace(/^listener\.name\.[^.]+\.(?:[^.]+\.(?=sasl\.jaas\.config$))?/, '');
  return PASSWORD_CONFIGS.has(unprefixed) || SECRET_WORDS.test(name);
}
