/** Cruise Control's default goals in priority order, and the hard ones (…/config/constants/AnalyzerConfig.java). */
export const DEFAULT_GOALS = [
  'RackAwareGoal',
  'MinTopicLeadersPerBrokerGoal',
  'ReplicaCapacityGoal',
  'DiskCapacityGoal',
  'NetworkInboundCapacityGoal',
  'NetworkOutboundCapacityGoal',
  'CpuCapacityGoal',
  'ReplicaDistributionGoal',
  'PotentialNwOutGoal',
  'DiskUsageDistributionGoal',
  'NetworkInboundUsageDistributionGoal',
  'NetworkOutboundUsageDistributionGoal',
  'CpuUsageDistributionGoal',
  'TopicReplicaDistributionGoal',
  'LeaderReplicaDistributionGoal',
  'LeaderBytesInDistributionGoal',
] as const;

export const HARD_GOALS = [
  'RackAwareGoal',
  'MinTopicLeadersPerBrokerGoal',
  'ReplicaCapacityGoal',
  'DiskCapacityGoal',
  'NetworkInboundCapacityGoal',
  'NetworkOutboundCapacityGoal',
  'CpuCapacityGoal',
];

/** rebalance_disk=true uses the intra-broker goals only (ParameterUtils: rebalance_disk). */
export const INTRA_BROKER_GOALS = ['IntraBrokerDiskCapacityGoal', 'IntraBrokerDiskUsageDistributionGoal'];

/** Goals are given by simple or fully qualified class name. */
export function simpleGoalName(goal: string): string {
  return goal.slice(goal.lastIndexOf('.') + 1);
}
