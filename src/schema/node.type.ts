import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType('Node', {
  description: 'An object with a global id: fetch it again with `node(id:)`. Treat ids as opaque strings.',
  // Every view the read model builds says what it is.
  resolveType: (value: { nodeType: string }) => value.nodeType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id; stable for as long as the object exists.' })
  id!: string;
}
