/** The queries the benchmark sends: a portal's fleet overview, and one cluster's page. */

export const FLEET_QUERY = /* GraphQL */ `
  query Fleet {
    clusters(first: 100) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        namespace
        state
        kafkaVersion
        counts {
          brokersReady
          brokersDesired
          partitions
          underReplicatedPartitions
          offlinePartitions
        }
        cruiseControl {
          reachable
          ready
          monitorState
          executorState
        }
        brokers(first: 30) {
          totalCount
          nodes {
            id
            brokerId
            roles
            state
            rack
            pod {
              name
              ready
            }
            load {
              cpuPercent
              leaders
              replicas
            }
            disks {
              mountPath
              capacityBytes
              usedBytes
              state
            }
            configs(source: GROUP) {
              name
              value
            }
          }
        }
      }
    }
  }
`;

/** A cluster's page in the portal: its state and counts, and the first page of its brokers (a small answer). */
export const CLUSTER_PAGE_QUERY = /* GraphQL */ `
  query ClusterPage {
    cluster(name: "cluster-042", namespace: "team-2") {
      id
      name
      namespace
      state
      kafkaVersion
      counts {
        brokersReady
        brokersDesired
        partitions
        underReplicatedPartitions
        offlinePartitions
      }
      cruiseControl {
        reachable
        ready
        monitorState
        executorState
      }
      brokers(first: 10) {
        totalCount
        nodes {
          id
          brokerId
          roles
          state
          rack
          pod {
            name
            ready
          }
          load {
            cpuPercent
            leaders
            replicas
          }
        }
      }
    }
  }
`;
