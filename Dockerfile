# kafkaplane's image: the compiled server on Node 24, production dependencies only.
#   docker build -t kafkaplane:0.1.0 .
# The base is pinned by the digest of its multi-platform index, so a rebuild gets the same bytes
# whatever the tag points at later. To move to a newer Node 24 image, read the tag's digest
# (`docker buildx imagetools inspect node:24-slim`) and replace it in both stages.
FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY .swcrc tsconfig.json ./
COPY src ./src
COPY sandbox ./sandbox
# The console's sources and its build step: npm run build bundles it into dist/console.
COPY scripts ./scripts
COPY console ./console
RUN npm run build

FROM node:24-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The kafkaplane command line (docs/client.md), e.g. kubectl exec deploy/kafkaplane -- kafkaplane clusters
COPY bin ./bin
RUN ln -s /app/bin/kafkaplane.js /usr/local/bin/kafkaplane
# The node image's unprivileged user; the manifests run it with a read-only root file system.
USER 1000
EXPOSE 4000 9001
ENTRYPOINT ["node", "dist/src/main.js"]
