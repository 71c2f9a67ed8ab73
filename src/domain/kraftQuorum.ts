/** KRaft's quorum rule (KIP-595): `count` of `voters` are enough when they are more than half of them. */
export function isMajority(count: number, voters: number): boolean {
  return count * 2 > voters;
}

/** How many of `voters` make a majority: the smallest count `isMajority` accepts. */
export function majorityOf(voters: number): number {
  return Math.floor(voters / 2) + 1;
}
