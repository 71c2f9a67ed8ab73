import { alterUserScramCredentialsApi } from './alterUserScramCredentials.js';
import { apiVersionsApi } from './apiVersions.js';
import type { ApiHandler } from './context.js';
import { createTopicsApi } from './createTopics.js';
import { describeClusterApi } from './describeCluster.js';
import { describeConfigsApi } from './describeConfigs.js';
import { describeLogDirsApi } from './describeLogDirs.js';
import { describeQuorumApi } from './describeQuorum.js';
import { describeUserScramCredentialsApi } from './describeUserScramCredentials.js';
import { incrementalAlterConfigsApi } from './incrementalAlterConfigs.js';
import { metadataApi } from './metadata.js';
import { addRaftVoterApi, removeRaftVoterApi } from './raftVoters.js';
import { saslAuthenticateApi, saslHandshakeApi } from './sasl.js';
import { unregisterBrokerApi } from './unregisterBroker.js';

/** Every API a simulated broker answers, in ApiVersions order (by api key). */
export const brokerApis: readonly ApiHandler[] = [
  metadataApi,
  apiVersionsApi(() => brokerApis),
  createTopicsApi,
  describeConfigsApi,
  describeLogDirsApi,
  incrementalAlterConfigsApi,
  describeQuorumApi,
  describeClusterApi,
  unregisterBrokerApi,
  addRaftVoterApi,
  removeRaftVoterApi,
  saslHandshakeApi,
  saslAuthenticateApi,
  alterUserScramCredentialsApi,
  describeUserScramCredentialsApi,
].sort((a, b) => a.apiKey - b.apiKey);

export type { ApiHandler, RequestContext } from './context.js';
